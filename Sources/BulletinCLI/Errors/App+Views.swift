import BulletinApp
import BulletinCore

/// A views import with nothing usable in it is bad input.
extension ViewsImportError: BulletinError {
    /// Always ``ExitStatus/dataError`` (65).
    public var exitStatus: ExitStatus { .dataError }

    /// Naming the option for an analytics export.
    public var sentence: String {
        if case .notCombined(let name, let first) = self {
            return "\(name) has no line in the combined or common log format (the first is '\(first)'); "
                + "check the file, or use --format csv for an analytics export."
        }
        return description
    }
}
