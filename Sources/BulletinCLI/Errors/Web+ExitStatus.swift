import BulletinWeb

// The exit codes of BulletinWeb's errors, for `bulletin serve`.

extension WebServerError: BulletinError {
    /// 69 when the address cannot be listened on; 78 when a web template must change.
    public var exitStatus: ExitStatus {
        switch self {
        case .cannotListen: .unavailable
        case .template, .unreadableTemplate: .configuration
        }
    }

    /// The description, with `serve`'s `--port` flag for an address in use.
    public var sentence: String {
        if case .cannotListen(let host, let port, let reason) = self {
            return "cannot listen on \(host):\(port) (\(reason)); stop whatever uses that port or pick another with "
                + "--port or [web] port."
        }
        return description
    }
}
