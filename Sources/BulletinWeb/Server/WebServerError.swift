import BulletinCore

/// `bulletin serve` cannot start.
public enum WebServerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The address cannot be listened on (port in use, no permission, unknown host).
    case cannotListen(host: String, port: Int, reason: String)
    /// A web template does not parse.
    case template(name: String, origin: String, problem: String)
    /// A file in `[web] templates` is there but is not a readable UTF-8 file (no permission, a folder, bad bytes).
    case unreadableTemplate(path: String, problem: String)

    public var description: String {
        switch self {
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host):\(port) (\(reason)); stop whatever uses that port or pick another in "
                + "[web] port."
        case .template(let name, let origin, let problem):
            "the web template \(name) (\(origin)) does not parse: \(problem); fix it, or remove it from "
                + "[web] templates to use the stock page."
        case .unreadableTemplate(let path, let problem):
            "the web template \(path) \(problem); make it a readable UTF-8 file, or remove it from [web] templates "
                + "to use the stock page."
        }
    }
}
