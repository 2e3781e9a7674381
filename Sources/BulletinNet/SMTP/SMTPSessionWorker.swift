import CCurl
import Foundation

/// One SMTP session on a thread of its own: the delivery thread loads a message into its ``SMTPSession``, starts
/// it, and later takes the ended transfer from the shared ``SMTPCompletionQueue``.
///
/// Each session blocks its own thread, not the others: libcurl's SMTP waits for the answer to the end of the data
/// inside `smtp_done` with a blocking loop (`smtp_block_statemach`), even under a multi handle, so sessions
/// driven together by one multi handle took turns at that reply, one relay round trip each.
///
/// The session is touched by the worker's thread only while a transfer runs (from ``start()`` to the completion the
/// queue hands back), and by the delivery thread only in between; the lock of the hand-over orders the two.
final class SMTPSessionWorker: @unchecked Sendable {
    /// The session this worker's thread drives.
    let session: SMTPSession
    private let completions: SMTPCompletionQueue
    private let condition = NSCondition()
    private var pending = false
    private var stopping = false
    private var stopped = false

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
        condition.withLock {
            pending = true
            condition.signal()
        }
    }

    /// Ends the thread once it is idle; the connection is closed (QUIT) on the thread. Returns at once.
    func stop() {
        condition.withLock {
            stopping = true
            condition.signal()
        }
    }

    /// Waits until the thread has ended, after ``stop()``.
    func waitUntilStopped() {
        condition.withLock {
            while !stopped { condition.wait() }
        }
    }

    private func run() {
        while true {
            let go = condition.withLock {
                while !pending && !stopping { condition.wait() }
                guard pending else { return false }
                pending = false
                return true
            }
            guard go else { break }
            let code = curl_easy_perform(session.easy.raw)
            completions.post(self, code: code)
        }
        // Closing here, on this thread, lets every session's QUIT wait for its reply at the same time.
        session.close()
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }
}

/// The transfers that ended on the sessions' threads, waiting for the delivery thread.
final class SMTPCompletionQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var ended: [(worker: SMTPSessionWorker, code: CURLcode)] = []

    /// Hands over a transfer that ended.
    func post(_ worker: SMTPSessionWorker, code: CURLcode) {
        condition.withLock {
            ended.append((worker, code))
            condition.signal()
        }
    }

    /// The transfers that ended, waiting up to `seconds` for the first one; empty when none ended in time.
    func take(waitingAtMost seconds: Double) -> [(worker: SMTPSessionWorker, code: CURLcode)] {
        let deadline = Date(timeIntervalSinceNow: seconds)
        return condition.withLock {
            while ended.isEmpty {
                if !condition.wait(until: deadline) { break }
            }
            defer { ended.removeAll(keepingCapacity: true) }
            return ended
        }
    }
}
