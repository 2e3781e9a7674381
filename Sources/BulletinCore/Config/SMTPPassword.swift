import Foundation

extension Configuration.SMTP {
    /// Reads the password from `password_env` or `password_file`; nil when neither is set.
    ///
    /// The password itself never appears in an error.
    ///
    /// - Throws: ``ConfigurationError`` naming the key when the variable is unset or the file unreadable.
    public func password(environment: [String: String], configurationFile: String) throws -> String? {
        try ConfiguredPassword.read(
            section: "smtp", variable: passwordEnvironmentVariable, file: passwordFile, environment: environment,
            configurationFile: configurationFile)
    }
}

extension Configuration.Inbound {
    /// Reads the mailbox password from `password_env` or `password_file` (one of them is always set).
    ///
    /// - Throws: ``ConfigurationError`` naming the key when the variable is unset or the file unreadable.
    public func password(environment: [String: String], configurationFile: String) throws -> String {
        try ConfiguredPassword.read(
            section: "inbound", variable: passwordEnvironmentVariable, file: passwordFile, environment: environment,
            configurationFile: configurationFile) ?? ""
    }
}

/// A password named by a section's `password_env` or `password_file`, read the same way for every section.
enum ConfiguredPassword {
    /// The variable's value or the file's first line; nil when neither is named.
    static func read(
        section: String, variable: String?, file passwordFile: URL?, environment: [String: String],
        configurationFile: String
    ) throws -> String? {
        if let name = variable {
            guard let value = environment[name], !value.isEmpty else {
                throw ConfigurationError(
                    file: configurationFile, key: "\(section).password_env",
                    problem: "the environment variable \(name) is not set; export it before running Bulletin.")
            }
            return value
        }
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile.path) else {
                throw ConfigurationError(
                    file: configurationFile, key: "\(section).password_file",
                    problem: "\(passwordFile.path) cannot be read; check that it exists and its permissions.")
            }
            let firstLine = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first
            guard let firstLine, !firstLine.isEmpty else {
                throw ConfigurationError(
                    file: configurationFile, key: "\(section).password_file",
                    problem: "\(passwordFile.path) is empty; put the password on its first line.")
            }
            return String(firstLine)
        }
        return nil
    }
}
