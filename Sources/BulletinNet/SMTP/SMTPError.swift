import BulletinCore

/// The relay cannot be used at all, so delivery stopped; messages not yet handed over stay unsent.
public enum SMTPError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No connection could be made (refused, no route, unknown host), with libcurl's code and explanation.
    case unreachable(relay: String, curlCode: Int, detail: String)
    /// The TLS handshake, the certificate check or STARTTLS failed.
    case tlsFailed(relay: String, curlCode: Int, detail: String)
    /// The server refused the user name and password (RFC 4954 §6: 535).
    case authenticationFailed(relay: String, username: String, reply: SMTPReply?)
    /// The server turned the session away before any message (its greeting, EHLO or AUTH answered 4xx or 5xx),
    /// or closed it with 421 at any step (RFC 5321 §3.8).
    case sessionRefused(relay: String, reply: SMTPReply)
    /// The server refused the envelope sender at MAIL FROM: it wants a login (530), STARTTLS (530), or will not
    /// let this account send as that address (553, 554, 550). Every message would meet the same refusal.
    case senderRefused(relay: String, sender: String, username: String?, reply: SMTPReply)
    /// libcurl could not be set up (out of memory, or a libcurl without SMTP or TLS).
    case setupFailed(detail: String)

    /// The configuration key a person should change, when there is one.
    public var keyToChange: String? {
        switch self {
        case .unreachable: "smtp.url"
        case .tlsFailed: "smtp.tls"
        case .authenticationFailed: "smtp.username"
        case .sessionRefused(_, let reply): Self.asksForConfiguration(reply) ? Self.key(for: reply) : nil
        case .senderRefused(_, _, _, let reply): Self.key(for: reply)
        case .setupFailed: nil
        }
    }

    /// A reply that asks for a login or STARTTLS (530), or refuses the login (535): the configuration must change.
    private static func asksForConfiguration(_ reply: SMTPReply) -> Bool {
        reply.code == 530 || reply.code == 535
    }

    /// The key a refusal points at: STARTTLS wanted → `smtp.tls`; a login wanted or refused → `smtp.username`;
    /// the sender refused → `smtp.envelope_from`; nil for a temporary refusal.
    private static func key(for reply: SMTPReply) -> String? {
        if reply.code == 530 && reply.text.uppercased().contains("STARTTLS") { return "smtp.tls" }
        if asksForConfiguration(reply) { return "smtp.username" }
        return reply.code >= 500 ? "smtp.envelope_from" : nil
    }

    /// One sentence: what failed, with libcurl's code or the server's reply, and what to check.
    public var description: String {
        switch self {
        case .unreachable(let relay, let code, let detail):
            "The mail relay \(relay) cannot be reached (\(detail), curl error \(code)); check [smtp] url and that "
                + "the relay is running, then try again."
        case .tlsFailed(let relay, let code, let detail):
            "TLS with the mail relay \(relay) failed (\(detail), curl error \(code)); check [smtp] tls and "
                + "ca_file, and that the relay's certificate is valid for its name."
        case .authenticationFailed(let relay, let username, let reply):
            "The mail relay \(relay) refused the login of \(username)"
                + (reply.map { " (\($0))" } ?? "") + "; check [smtp] username and the password."
        case .sessionRefused(let relay, let reply):
            "The mail relay \(relay) refused the session (\(reply)); "
                + (Self.asksForConfiguration(reply)
                    ? Self.advice(for: reply, username: nil)
                    : reply.code < 500 ? "try again later." : "ask its administrator to allow this host.")
        case .senderRefused(let relay, let sender, let username, let reply):
            "The mail relay \(relay) refused the sender <\(sender)> at MAIL FROM (\(reply)); "
                + Self.advice(for: reply, username: username)
        case .setupFailed(let detail):
            "libcurl could not be set up for SMTP (\(detail)); check that libcurl has SMTP and TLS support."
        }
    }

    /// What to change for a refused sender or session, naming the key.
    private static func advice(for reply: SMTPReply, username: String?) -> String {
        switch key(for: reply) {
        case "smtp.tls"?:
            "the relay wants STARTTLS: set [smtp] tls = \"starttls\" (and ca_file for a private CA)."
        case "smtp.username"?:
            username == nil
                ? "the relay wants a login: set [smtp] username and password_env or password_file."
                : "the relay refused the login of \(username ?? ""): check [smtp] username and the password."
        case "smtp.envelope_from"?:
            "set [smtp] envelope_from (or [newsletter] from) to an address this relay account may send as."
        default:
            "the relay is unavailable for now; try again later."
        }
    }
}
