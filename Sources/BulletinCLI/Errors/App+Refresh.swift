import BulletinApp
import BulletinCore

/// No sources is a configuration problem; every feed failing leaves the service unavailable.
extension RefreshSourcesError: BulletinError {
    /// ``ExitStatus/configuration`` (78) without sources, ``ExitStatus/unavailable`` (69) when every feed failed.
    public var exitStatus: ExitStatus {
        switch self {
        case .noSources: return .configuration
        case .everyFeedFailed: return .unavailable
        }
    }

    /// The description.
    public var sentence: String { description }
}
