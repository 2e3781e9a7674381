import BulletinApp
import BulletinCore

/// A views import with nothing usable in it is bad input.
extension ViewsImportError: BulletinError {
    /// Always ``ExitStatus/dataError`` (65).
    public var exitStatus: ExitStatus { .dataError }
}
