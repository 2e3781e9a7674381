extension ConfigurationReader {
    /// The modes `[store] mode` accepts: the owner reads and writes; a group may read (or write); others never.
    static let allowedFileModes = [0o600, 0o640, 0o660]

    /// Reads a file mode written as an octal string, like `"0640"`: one of ``allowedFileModes``.
    func fileMode(_ section: String, _ key: String) throws -> Int {
        guard let text = try optionalString(section, key) else { return Configuration.Store.defaultFileMode }
        guard let mode = Int(text, radix: 8), Self.allowedFileModes.contains(mode) else {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)",
                problem: "'\(text)' is not allowed; write \"0600\" (the default, owner only), \"0640\" (a group "
                    + "may read) or \"0660\"; files with personal data are never readable by others.")
        }
        return mode
    }
}
