import BulletinCore
import CCurl
import Dispatch
import Foundation
import Synchronization

/// Checks article links with libcurl, several at once: HEAD first, GET when the server refuses HEAD (405, 501, or
/// a connection closed without an answer), redirects followed, each address given ``timeout`` seconds.
public struct CurlLinkChecker: LinkChecker {
    /// Seconds for one address, connection and answer included.
    public let timeout: Int
    /// Redirects followed at most.
    public let maxRedirects: Int
    /// Addresses checked at the same time, each on its own handle.
    public let parallel: Int
    /// The User-Agent header.
    public let userAgent: String

    /// A checker.
    public init(
        timeout: Int = 10, maxRedirects: Int = 5, parallel: Int = 8,
        userAgent: String = "Bulletin/\(BulletinVersion.current) (link check)"
    ) {
        self.timeout = timeout
        self.maxRedirects = maxRedirects
        self.parallel = max(1, parallel)
        self.userAgent = userAgent
    }

    public func check(_ urls: [String]) -> [String: LinkStatus] {
        let unique = Array(Set(urls)).sorted()
        guard !unique.isEmpty else { return [:] }
        let next = Atomic<Int>(0)
        let results = Mutex<[String: LinkStatus]>([:])
        DispatchQueue.concurrentPerform(iterations: min(parallel, unique.count)) { _ in
            guard let easy = CurlEasyHandle() else {
                results.withLock { found in
                    for url in unique where found[url] == nil { found[url] = .unreachable("libcurl made no handle") }
                }
                return
            }
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < unique.count else { return }
                let status = check(unique[index], on: easy)
                results.withLock { $0[unique[index]] = status }
            }
        }
        return results.withLock { $0 }
    }

    /// HEAD, then GET when HEAD is refused.
    private func check(_ url: String, on easy: CurlEasyHandle) -> LinkStatus {
        guard let scheme = URL(string: url)?.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return .unreachable("not an http or https address")
        }
        let head = perform(url, head: true, on: easy)
        switch head {
        case .answered(405), .answered(501), .unreachable(refusedHead):
            return perform(url, head: false, on: easy)
        default:
            return head
        }
    }

    /// The reason given when a server closed the connection on HEAD without answering.
    private let refusedHead = "the server sent nothing"

    private func perform(_ url: String, head: Bool, on easy: CurlEasyHandle) -> LinkStatus {
        do {
            try easy.reset()
            try easy.set(CURLOPT_URL, url)
            try easy.set(CURLOPT_NOBODY, head ? 1 : 0)
            try easy.set(CURLOPT_FOLLOWLOCATION, 1)
            try easy.set(CURLOPT_MAXREDIRS, maxRedirects)
            try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
            try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
            try easy.set(CURLOPT_CONNECTTIMEOUT, timeout)
            try easy.set(CURLOPT_TIMEOUT, timeout)
            try easy.set(CURLOPT_NOSIGNAL, 1)
            try easy.set(CURLOPT_USERAGENT, userAgent)
            // The status is all that is wanted: a GET stops at the first byte of the body.
            try easy.setWriteFunction(curlLinkDiscard)
        } catch {
            return .unreachable("libcurl refused option \(error.option)")
        }
        let code = curl_easy_perform(easy.raw)
        let status = easy.responseCode
        switch code {
        case CURLE_OK:
            return .answered(status)
        case CURLE_WRITE_ERROR where status > 0:
            return .answered(status)
        case CURLE_OPERATION_TIMEDOUT:
            return .unreachable("no answer within \(timeout) s")
        case CURLE_COULDNT_RESOLVE_HOST:
            return .unreachable("the host name does not resolve")
        case CURLE_GOT_NOTHING:
            return .unreachable(refusedHead)
        case CURLE_TOO_MANY_REDIRECTS:
            return .unreachable("more than \(maxRedirects) redirects")
        default:
            let message = easy.errorMessage
            return .unreachable(
                "curl error \(code.rawValue): \(message.isEmpty ? String(cString: curl_easy_strerror(code)) : message)"
            )
        }
    }
}

private func curlLinkDiscard(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    0
}
