import CCurl
import Dispatch
import Foundation
import Synchronization

/// One SMTP session on a thread of its own: the delivery thread loads a message into its ``SMTPSession``, starts
/// it, and later takes the ended transfer from the shared ``SMTPCompletionQueue``.
///
/// Each session blocks its own thread, not the others: libcurl's SMTP waits for the answer to the end of the data
/// inside `smtp_done` with a blocking loop (`smtp_block_statemach`), even under a multi handle, so sessions
/// driven together by one multi handle took turns at that reply, one relay round trip each.
// `@unchecked Sendable` because of `session` alone, a libcurl handle that is never used by two threads at once:
// the worker's thread touches it only while a transfer runs (from `start()` to the completion the queue hands
// back), the delivery thread only in between, and the semaphore and the queue's lock order the two. A Mutex around
// it would be held across the transfer's I/O; everything else here is a Mutex or a semaphore.
final class SMTPSessionWorker: @unchecked Sendable {
    /// The session this worker's thread drives.
    let session: SMTPSession
    private let completions: SMTPCompletionQueue
    /// What the delivery thread asked for: a transfer, or the end of the thread.
    private let requests = Mutex(Requests())
    /// Signalled once per request, so that the thread sleeps between transfers.
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled once when the thread has ended.
    private let ended = DispatchSemaphore(value: 0)

    /// The requests not yet acted on.
    private struct Requests {
        var pending = false
        var stopping = false
    }

    /// Starts a thread named `name` for `session`; ended transfers go to `completions`.
    init(session: SMTPSession, completions: SMTPCompletionQueue, name: String) {
        self.session = session
        self.completions = completions
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Sends the message loaded into ``session``: the thread performs the transfer and posts its result.
    func start() {
        requests.withLock { $0.pending = true }
        wake.signal()
    }

    /// Ends the thread once it is idle; the connection is closed (QUIT) on the thread. Returns at once.
    func stop() {
        requests.withLock { $0.stopping = true }
        wake.signal()
    }

    /// Waits until the thread has ended, after ``stop()``. Call it once.
    func waitUntilStopped() {
        ended.wait()
    }

    private func run() {
        while true {
            wake.wait()
            let go = requests.withLock { requests in
                guard requests.pending else { return false }
                requests.pending = false
                return true
            }
            if go {
                let code = curl_easy_perform(session.easy.raw)
                completions.post(self, code: code)
            } else if requests.withLock({ $0.stopping }) {
                break
            }
        }
        // Closing here, on this thread, lets every session's QUIT wait for its reply at the same time.
        session.close()
        ended.signal()
    }
}

/// The transfers that ended on the sessions' threads, waiting for the delivery thread.
final class SMTPCompletionQueue: Sendable {
    /// A transfer that ended, and how.
    typealias Ended = (worker: SMTPSessionWorker, code: CURLcode)
    private let ended = Mutex<[Ended]>([])
    /// Signalled once per posted transfer; the delivery thread takes every transfer that ended at each wake-up,
    /// so a signal may find the list empty, and is then waited past.
    private let posted = DispatchSemaphore(value: 0)

    /// Hands over a transfer that ended.
    func post(_ worker: SMTPSessionWorker, code: CURLcode) {
        ended.withLock { $0.append((worker, code)) }
        posted.signal()
    }

    /// The transfers that ended, waiting up to `seconds` for the first one; empty when none ended in time.
    func take(waitingAtMost seconds: Double) -> [Ended] {
        let deadline = DispatchTime.now() + seconds
        while true {
            let taken = ended.withLock { ended in
                defer { ended.removeAll(keepingCapacity: true) }
                return ended
            }
            if !taken.isEmpty || posted.wait(timeout: deadline) == .timedOut { return taken }
        }
    }
}
