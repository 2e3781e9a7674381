import Foundation

extension ConfigurationReader {
    /// A section's login: `username`, and its password from `password_env` or `password_file`.
    struct Login {
        /// `username`.
        var username: String?
        /// `password_env`.
        var passwordEnvironmentVariable: String?
        /// `password_file`, resolved against the configuration's folder.
        var passwordFile: URL?
    }

    /// Reads `[section]`'s login, as `[smtp]` and `[inbound]` write it: one password source at most, a password
    /// only with a user name and a user name only with a password; `required` makes the login compulsory.
    func login(_ section: String, required: Bool) throws -> Login {
        let username = required ? try requiredString(section, "username") : try optionalString(section, "username")
        let passwordEnvironmentVariable = try optionalString(section, "password_env")
        let passwordFile = try optionalString(section, "password_file").map { _ in
            try path(section, "password_file", default: "")
        }
        if passwordEnvironmentVariable != nil, passwordFile != nil {
            throw ConfigurationError(
                file: file, key: "\(section).password_file",
                problem: "set either password_env or password_file, not both.")
        }
        if username != nil, passwordEnvironmentVariable == nil, passwordFile == nil {
            throw ConfigurationError(
                file: file, key: "\(section).username", problem: "needs a password; set password_env or password_file.")
        }
        if username == nil, passwordEnvironmentVariable != nil || passwordFile != nil {
            throw ConfigurationError(
                file: file, key: "\(section).username",
                problem: "is missing; a password is set, so give the user name too.")
        }
        return Login(
            username: username, passwordEnvironmentVariable: passwordEnvironmentVariable, passwordFile: passwordFile)
    }

    /// `[section] ca_file`, which must be readable.
    func caFile(_ section: String) throws -> URL? {
        let caFile = try optionalString(section, "ca_file").map { _ in try path(section, "ca_file", default: "") }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile.path) {
            throw ConfigurationError(
                file: file, key: "\(section).ca_file",
                problem: "\(caFile.path) cannot be read; give a PEM file of certificate authorities.")
        }
        return caFile
    }
}
