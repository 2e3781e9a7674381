import BulletinCore
import CCurl

#if canImport(Glibc)
    import Glibc
#endif

extension SMTPProbe {
    /// The relay's answers to a test envelope: `MAIL FROM` with the envelope sender, then `RSET`, which ends the
    /// transaction before any recipient or data, so nothing is sent.
    public struct EnvelopeTest: Sendable, Equatable {
        /// The reply to `MAIL FROM:<sender>`.
        public var mailFrom: SMTPReply
        /// The reply to `RSET`; nil when MAIL FROM was refused (nothing to reset).
        public var reset: SMTPReply?

        /// Whether the relay takes mail from the sender (2xx).
        public var accepted: Bool { (200..<300).contains(mailFrom.code) }
    }

    /// Sets up a session as ``check(settings:password:)`` does, then sends `MAIL FROM:<sender>` and `RSET` and
    /// reads their replies (libcurl's `curl_easy_send`/`curl_easy_recv` on the CONNECT_ONLY connection).
    ///
    /// - Throws: ``SMTPError`` when the relay cannot be reached, TLS fails, the login is refused, or it stops
    ///   answering.
    public static func testEnvelope(
        settings: Configuration.SMTP, password: String?, sender: String
    ) throws
        -> EnvelopeTest
    {
        let relay = SMTPSessionOptions.relayName(for: settings)
        let session = try SMTPSession(settings: settings, password: password)
        do {
            try session.easy.set(CURLOPT_CONNECT_ONLY, 1)
        } catch {
            throw SMTPError.setupFailed(detail: "libcurl refused CURLOPT_CONNECT_ONLY")
        }
        session.easy.clearError()
        let code = curl_easy_perform(session.easy.raw)
        let transfer = session.finish(code: code)
        if code != CURLE_OK {
            let (outcome, stop) = SMTPOutcomeClassifier(relay: relay, username: settings.username).classify(transfer)
            throw stop ?? SMTPError.unreachable(relay: relay, curlCode: Int(code.rawValue), detail: outcome.replyText)
        }
        var socket: curl_socket_t = -1
        guard ccurl_easy_getinfo_socket(session.easy.raw, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0
        else { throw SMTPError.unreachable(relay: relay, curlCode: 0, detail: "no connection after the set-up") }
        var conversation = Conversation(
            handle: session.easy.raw, socket: socket, relay: relay,
            timeoutMilliseconds: Int32(clamping: settings.messageTimeoutSeconds * 1000))
        let mailFrom = try conversation.ask("MAIL FROM:<\(sender)>")
        let accepted = (200..<300).contains(mailFrom.code)
        return EnvelopeTest(mailFrom: mailFrom, reset: accepted ? try conversation.ask("RSET") : nil)
    }

    /// Commands and replies over the connection libcurl set up.
    private struct Conversation {
        let handle: UnsafeMutableRawPointer
        let socket: curl_socket_t
        let relay: String
        let timeoutMilliseconds: Int32
        var assembler = SMTPReplyAssembler()

        mutating func ask(_ command: String) throws -> SMTPReply {
            var bytes = Array((command + "\r\n").utf8)
            while !bytes.isEmpty {
                var sent = 0
                let code = bytes.withUnsafeBytes { curl_easy_send(handle, $0.baseAddress, $0.count, &sent) }
                if code == CURLE_AGAIN {
                    try wait(for: Int16(POLLOUT), command)
                    continue
                }
                guard code == CURLE_OK else { throw failure(command, Int(code.rawValue)) }
                bytes.removeFirst(sent)
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                var received = 0
                let code = buffer.withUnsafeMutableBytes { curl_easy_recv(handle, $0.baseAddress, $0.count, &received) }
                if code == CURLE_AGAIN {
                    try wait(for: Int16(POLLIN), command)
                    continue
                }
                guard code == CURLE_OK, received > 0 else { throw failure(command, Int(code.rawValue)) }
                let replies = buffer.withUnsafeBufferPointer {
                    assembler.feed(UnsafeBufferPointer(rebasing: $0[0..<received]))
                }
                if let reply = replies.first { return reply }
            }
        }

        private func wait(for events: Int16, _ command: String) throws {
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            guard poll(&descriptor, 1, timeoutMilliseconds) > 0 else { throw failure(command, 28) }
        }

        private func failure(_ command: String, _ curlCode: Int) -> SMTPError {
            let verb = command.split(separator: " ").first.map(String.init) ?? command
            return SMTPError.unreachable(
                relay: relay, curlCode: curlCode, detail: "the relay stopped answering after \(verb)")
        }
    }
}
