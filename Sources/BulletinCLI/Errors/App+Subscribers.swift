import BulletinApp
import BulletinCore

/// An erased address is bad input: there is no one to act on.
extension RemovedAddressError: BulletinError {
    /// Always ``ExitStatus/dataError`` (65).
    public var exitStatus: ExitStatus { .dataError }

    /// With the commands that bring the address back.
    public var sentence: String {
        sentence(
            bringBack: "`bulletin subscribers add \(email) --force` or `bulletin subscribers import --resubscribe` "
                + "brings it back")
    }
}
