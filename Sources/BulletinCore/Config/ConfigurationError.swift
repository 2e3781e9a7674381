/// The configuration file is missing or cannot be used. Every message names the file, and the key where one is
/// to blame.
public struct ConfigurationError: BulletinError, Equatable {
    /// The configuration file.
    public var file: String
    /// The key to blame, as `section.key`; nil when the whole file is.
    public var key: String?
    /// What is wrong and what to do, as a sentence without the file name.
    public var problem: String

    /// Creates an error.
    public init(file: String, key: String? = nil, problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }

    public var exitStatus: ExitStatus { .configuration }

    public var description: String {
        if let key { return "\(file): \(key): \(problem)" }
        return "\(file): \(problem)"
    }
}
