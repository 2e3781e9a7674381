/// The link secret file is missing or unusable: a configuration problem.
public enum LinkSecretError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file does not exist or cannot be read.
    case unreadable(String, reason: String)
    /// The file is not base64url text.
    case notBase64(String)
    /// The secret is shorter than ``LinkSigner/minimumSecretLength`` bytes.
    case tooShort(String, length: Int)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "The link secret \(file) cannot be read (\(reason))."
        case .notBase64(let file):
            return "The link secret \(file) is not base64url text."
        case .tooShort(let file, let length):
            return "The link secret \(file.isEmpty ? "" : file + " ")holds \(length) bytes, fewer than the "
                + "\(LinkSigner.minimumSecretLength) needed."
        }
    }
}
