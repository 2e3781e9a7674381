import BulletinApp
import BulletinCore

/// An erased address is bad input: there is no one to act on.
extension RemovedAddressError: BulletinError {
    /// Always ``ExitStatus/dataError`` (65).
    public var exitStatus: ExitStatus { .dataError }
}
