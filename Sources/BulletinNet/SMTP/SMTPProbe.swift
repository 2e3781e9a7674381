import BulletinCore
import CCurl

/// Connects to the relay as delivery would (greeting, EHLO, STARTTLS, EHLO again, AUTH) and reports what the
/// server offers, without sending anything.
///
/// libcurl does the whole session set-up with CURLOPT_CONNECT_ONLY and stops before MAIL FROM; the server's
/// replies come through the header callback, as during delivery. Closing the handle sends QUIT.
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

    /// Runs the check.
    ///
    /// - Throws: ``SMTPError`` when the relay cannot be reached, TLS fails or the login is refused.
    public static func check(settings: Configuration.SMTP, password: String?) throws -> Report {
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
            authenticated: replies.contains { $0.code == 235 })
    }
}
