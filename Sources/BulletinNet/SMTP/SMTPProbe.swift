import BulletinCore
import CCurl

/// Connects to the relay as delivery would (greeting, EHLO, STARTTLS, EHLO again, AUTH), tries the envelope
/// sender with a test `MAIL FROM` taken back at once with `RSET`, and reports what the server offers and what would
/// stop a send, without sending anything.
///
/// libcurl does the whole session set-up with CURLOPT_CONNECT_ONLY and stops before MAIL FROM; the server's
/// replies come through the header callback, as during delivery. The test `MAIL FROM` and `RSET` go through
/// ``SMTPRawExchange``. Closing the handle sends QUIT. `bulletin smtp check` prints the report; other checks
/// (like a doctor command) read ``Report/problems``.
///
/// - SeeAlso: RFC 5321 §4.1.1.1 (EHLO), RFC 3207 (STARTTLS), RFC 4954 (AUTH), RFC 1870 (SIZE).
public enum SMTPProbe {
    /// What the relay said about itself.
    public struct Report: Sendable, Equatable {
        /// Every reply of the session, in order (greeting, EHLO, STARTTLS, EHLO, AUTH).
        public var replies: [SMTPReply]
        /// The greeting (220).
        public var greeting: SMTPReply?
        /// The extensions of the last EHLO reply (after STARTTLS when it was used), like `SIZE 10485760`.
        public var extensions: [String]
        /// Whether the first EHLO reply offered STARTTLS.
        public var offersStartTLS: Bool
        /// Whether the session was protected by TLS (STARTTLS or implicit).
        public var usedTLS: Bool
        /// Whether the server accepted the login (235); false when no user name is configured.
        public var authenticated: Bool
        /// `[smtp] username`; nil when none is set.
        public var username: String?
        /// The envelope sender tried with the test `MAIL FROM`; nil when none was tried.
        public var sender: String?
        /// The reply to the test `MAIL FROM`; nil when none was tried or no reply came.
        public var senderReply: SMTPReply?
        /// The reply to the `RSET` that took the test transaction back (nil when MAIL FROM was refused).
        public var resetReply: SMTPReply?
        /// The relay, `host:port`.
        public var relay = ""

        /// What would stop a send, most serious first; empty when the relay is ready.
        public var problems: [Problem] {
            var problems: [Problem] = []
            if let sender, let reply = senderReply, reply.code >= 400 {
                let error = SMTPError.senderRefused(
                    relay: relay, sender: sender, username: username, reply: reply)
                problems.append(
                    Problem(description: error.description, key: error.keyToChange, cause: .senderRefused(error)))
            } else if sender != nil, senderReply == nil {
                problems.append(
                    Problem(
                        description: "The mail relay \(relay) did not answer the test MAIL FROM; check [smtp] url "
                            + "and message_timeout, then try again.",
                        key: "smtp.url", cause: .noSenderReply))
            }
            if username == nil, !authMechanisms.isEmpty {
                problems.append(
                    Problem(
                        description: "The mail relay \(relay) offers AUTH (\(authMechanisms.joined(separator: " "))) "
                            + "but no [smtp] username is set; set username and password_env or password_file, "
                            + "or make sure the relay takes mail from this host without a login.",
                        key: "smtp.username", cause: .loginMissing))
            }
            return problems
        }

        /// Whether a send could start: no ``problems``.
        public var isReady: Bool { problems.isEmpty }

        /// The AUTH mechanisms offered, like `PLAIN LOGIN`; empty when AUTH is not offered.
        public var authMechanisms: [String] {
            extensions.first { $0.uppercased().hasPrefix("AUTH ") }.map {
                $0.split(separator: " ").dropFirst().map(String.init)
            } ?? []
        }

        /// The largest message the server takes, in bytes (SIZE); nil when it does not say or has no limit.
        public var maximumSize: Int? {
            extensions.first { $0.uppercased().hasPrefix("SIZE ") }.flatMap {
                Int($0.split(separator: " ").dropFirst().first ?? "")
            }.flatMap { $0 > 0 ? $0 : nil }
        }
    }

    /// Something that would stop a send, with the configuration key to change.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// One sentence: what is wrong and what to do.
        public var description: String
        /// The key to change, like `smtp.username`; nil when the relay, not the configuration, must change.
        public var key: String?
        /// What the problem is, for callers that treat problems apart.
        public var cause: Cause

        /// The kinds of problem a check finds.
        public enum Cause: Sendable, Equatable {
            /// The relay refused the test `MAIL FROM`, as a send would be refused.
            case senderRefused(SMTPError)
            /// The relay did not answer the test `MAIL FROM`: it is unavailable for now.
            case noSenderReply
            /// The relay offers AUTH but no user name is configured: the configuration must change.
            case loginMissing
        }
    }

    /// Runs the check; `sender` (the envelope sender, [smtp] envelope_from or [newsletter] from) is tried with a
    /// test `MAIL FROM` followed by `RSET`; nil skips that step.
    ///
    /// - Throws: ``SMTPError`` when the relay cannot be reached, TLS fails or the login is refused.
    public static func check(settings: Configuration.SMTP, password: String?, sender: String? = nil) throws -> Report {
        let session = try SMTPSession(settings: settings, password: password)
        session.keepsReplies = true
        do {
            try session.easy.set(CURLOPT_CONNECT_ONLY, 1)
        } catch {
            throw SMTPError.setupFailed(detail: "libcurl refused CURLOPT_CONNECT_ONLY")
        }
        session.easy.clearError()
        let code = curl_easy_perform(session.easy.raw)
        let transfer = session.finish(code: code)
        if code != CURLE_OK {
            let classifier = SMTPOutcomeClassifier(
                relay: SMTPSessionOptions.relayName(for: settings), username: settings.username)
            let (outcome, stop) = classifier.classify(transfer)
            throw stop
                ?? SMTPError.unreachable(
                    relay: SMTPSessionOptions.relayName(for: settings), curlCode: Int(code.rawValue),
                    detail: outcome.replyText)
        }
        var senderReply: SMTPReply?
        var resetReply: SMTPReply?
        if let sender {
            let exchange = SMTPRawExchange(easy: session.easy, timeoutSeconds: settings.messageTimeoutSeconds)
            senderReply = exchange.send("MAIL FROM:<\(sender)>")
            // Take the transaction back, so that nothing is left half-open on the relay.
            if let senderReply, senderReply.code < 400 { resetReply = exchange.send("RSET") }
        }
        let replies = session.replies
        let ehloReplies = replies.filter { $0.code == 250 }
        let extensions = Array((ehloReplies.last?.lines ?? []).dropFirst())
        let offersStartTLS = (ehloReplies.first?.lines ?? []).contains { $0.uppercased() == "STARTTLS" }
        return Report(
            replies: replies,
            greeting: replies.first { $0.code == 220 },
            extensions: extensions,
            offersStartTLS: offersStartTLS,
            usedTLS: settings.tls != .none,
            authenticated: replies.contains { $0.code == 235 }, username: settings.username,
            sender: sender, senderReply: senderReply, resetReply: resetReply,
            relay: SMTPSessionOptions.relayName(for: settings))
    }
}
