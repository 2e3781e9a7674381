import CCurl
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Sends SMTP commands by hand over a session libcurl set up with CURLOPT_CONNECT_ONLY (greeting, EHLO,
/// STARTTLS, AUTH done), through `curl_easy_send` and `curl_easy_recv`, so that TLS stays libcurl's business.
///
/// Used by ``SMTPProbe`` for the test `MAIL FROM` and its `RSET`: the only commands libcurl cannot send on its own
/// without a message.
struct SMTPRawExchange {
    /// The handle, after a CONNECT_ONLY perform.
    let easy: CurlEasyHandle
    /// How long to wait for a reply.
    let timeoutSeconds: Int

    /// Sends `command` (without CRLF) and returns the server's reply; nil when the connection failed or the
    /// reply did not come in time.
    func send(_ command: String) -> SMTPReply? {
        let bytes = Array((command + "\r\n").utf8)
        var offset = 0
        let deadline = Date().addingTimeInterval(Double(timeoutSeconds))
        while offset < bytes.count {
            var sent = 0
            let code = bytes[offset...].withUnsafeBytes { curl_easy_send(easy.raw, $0.baseAddress, $0.count, &sent) }
            if code == CURLE_AGAIN {
                guard wait(forWriting: true, until: deadline) else { return nil }
                continue
            }
            guard code == CURLE_OK else { return nil }
            offset += sent
        }
        var assembler = SMTPReplyAssembler()
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            var received = 0
            let code = buffer.withUnsafeMutableBytes { curl_easy_recv(easy.raw, $0.baseAddress, $0.count, &received) }
            if code == CURLE_AGAIN {
                guard wait(forWriting: false, until: deadline) else { return nil }
                continue
            }
            guard code == CURLE_OK, received > 0 else { return nil }
            let replies = buffer.withUnsafeBufferPointer {
                assembler.feed(UnsafeBufferPointer(rebasing: $0[0..<received]))
            }
            if let reply = replies.last { return reply }
        }
    }

    /// Waits until the session's socket can be read or written; false on timeout or error.
    private func wait(forWriting: Bool, until deadline: Date) -> Bool {
        var socket: curl_socket_t = -1
        guard ccurl_easy_getinfo_socket(easy.raw, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0 else {
            return false
        }
        let remaining = Int(deadline.timeIntervalSinceNow * 1_000)
        guard remaining > 0 else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(min(remaining, 1_000))) >= 0
    }
}
