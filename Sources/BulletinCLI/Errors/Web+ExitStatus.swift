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
}
