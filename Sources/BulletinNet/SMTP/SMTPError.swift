import BulletinCore

/// The relay cannot be used at all, so delivery stopped; messages not yet handed over stay unsent.
public enum SMTPError: BulletinError, Equatable {
    /// No connection could be made (refused, no route, unknown host), with libcurl's code and explanation.
    case unreachable(relay: String, curlCode: Int, detail: String)
    /// The TLS handshake, the certificate check or STARTTLS failed.
    case tlsFailed(relay: String, curlCode: Int, detail: String)
    /// The server refused the user name and password (RFC 4954 §6: 535).
    case authenticationFailed(relay: String, username: String, reply: SMTPReply?)
    /// The server turned the session away before any message (its greeting, EHLO or AUTH answered 4xx or 5xx).
    case sessionRefused(relay: String, reply: SMTPReply)
    /// libcurl could not be set up (out of memory, or a libcurl without SMTP or TLS).
    case setupFailed(detail: String)

    /// 69 for an unreachable relay or TLS failure, 78 for a refused login, 75 for a 4xx to the session.
    public var exitStatus: ExitStatus {
        switch self {
        case .unreachable, .tlsFailed: .unavailable
        case .authenticationFailed: .configuration
        case .sessionRefused(_, let reply): reply.code < 500 ? .temporaryFailure : .unavailable
        case .setupFailed: .software
        }
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
                + (reply.code < 500 ? "try again later." : "ask its administrator to allow this host.")
        case .setupFailed(let detail):
            "libcurl could not be set up for SMTP (\(detail)); check that libcurl has SMTP and TLS support."
        }
    }
}
