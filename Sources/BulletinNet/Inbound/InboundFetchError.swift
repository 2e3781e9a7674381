/// The mailbox server of `[inbound]` cannot be used; nothing was marked processed that was not processed.
public enum InboundFetchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No connection could be made (refused, no route, unknown host, no answer), with libcurl's code and text.
    case unreachable(server: String, curlCode: Int, detail: String)
    /// The TLS handshake, the certificate check or STARTTLS failed.
    case tlsFailed(server: String, curlCode: Int, detail: String)
    /// The server refused the user name and password.
    case loginRefused(server: String, username: String)
    /// The IMAP folder of the url does not exist on the server.
    case folderMissing(server: String, folder: String)
    /// The server refused a command (answered NO or BAD, or -ERR), with libcurl's code and text.
    case commandFailed(server: String, command: String, curlCode: Int, detail: String)
    /// libcurl could not be set up (out of memory, or a libcurl without IMAP, POP3 or TLS).
    case setupFailed(detail: String)

    /// One sentence: what failed, with libcurl's code, and what to check.
    public var description: String {
        switch self {
        case .unreachable(let server, let code, let detail):
            "The mailbox server \(server) cannot be reached (\(detail), curl error \(code)); check [inbound] url and "
                + "that the server is running, then try again."
        case .tlsFailed(let server, let code, let detail):
            "TLS with the mailbox server \(server) failed (\(detail), curl error \(code)); check [inbound] tls and "
                + "ca_file, and that the server's certificate is valid for its name."
        case .loginRefused(let server, let username):
            "The mailbox server \(server) refused the login of \(username); check [inbound] username and the password."
        case .folderMissing(let server, let folder):
            "The mailbox server \(server) has no folder \"\(folder)\"; check the folder in [inbound] url."
        case .commandFailed(let server, let command, let code, let detail):
            "The mailbox server \(server) refused \(command) (\(detail), curl error \(code)); nothing more was marked "
                + "processed, try again later."
        case .setupFailed(let detail):
            "libcurl could not be set up for IMAP or POP3 (\(detail)); check that libcurl has IMAP, POP3 and TLS "
                + "support."
        }
    }
}
