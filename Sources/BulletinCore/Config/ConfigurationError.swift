/// The configuration file is missing or cannot be used. Every message names the file, and the key where one is
/// to blame.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The configuration file.
    public var file: String
    /// The key to blame, as `section.key`; nil when the whole file is.
    public var key: String?
    /// What is wrong and what to do, as a sentence without the file name.
    public var problem: String
    /// What a tool can make to put it right, for the front end to word; nil when the file must be edited.
    public var remedy: Remedy?

    /// Something missing that a tool can make.
    public enum Remedy: Sendable, Equatable {
        /// There is no configuration file; one can be made.
        case createConfiguration
        /// A DKIM private key is needed; one can be made and named in the key.
        case createDKIMKey
        /// The digest's templates folder named at the path is not there; the stock ones can be written to it.
        case createDigestTemplates(folder: String)
    }

    /// Creates an error.
    public init(file: String, key: String? = nil, problem: String, remedy: Remedy? = nil) {
        self.file = file
        self.key = key
        self.problem = problem
        self.remedy = remedy
    }

    public var description: String {
        if let key { return "\(file): \(key): \(problem)" }
        return "\(file): \(problem)"
    }
}
