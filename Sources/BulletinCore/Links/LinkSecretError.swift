/// The link secret file is missing or unusable (a configuration problem, exit 78).
public enum LinkSecretError: BulletinError, Equatable {
    /// The file does not exist or cannot be read.
    case unreadable(String, reason: String)
    /// The file is not base64url text.
    case notBase64(String)
    /// The secret is shorter than ``LinkSigner/minimumSecretLength`` bytes.
    case tooShort(String, length: Int)

    public var exitStatus: ExitStatus { .configuration }

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "The link secret \(file) cannot be read (\(reason)); run `bulletin init` in the newsletter's "
                + "folder to create it, or fix [links] secret_file."
        case .notBase64(let file):
            return "The link secret \(file) is not base64url text; restore it from a backup, or delete it and run "
                + "`bulletin init` (a new secret voids every link already mailed)."
        case .tooShort(let file, let length):
            return "The link secret \(file.isEmpty ? "" : file + " ")holds \(length) bytes, fewer than the "
                + "\(LinkSigner.minimumSecretLength) needed; delete it and run `bulletin init` to make a new one "
                + "(a new secret voids every link already mailed)."
        }
    }
}
