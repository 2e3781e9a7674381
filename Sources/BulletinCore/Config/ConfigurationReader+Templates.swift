import Foundation

extension ConfigurationReader {
    /// The folder of template overrides that `[section] templates` names, checked to be a folder.
    ///
    /// - Parameters:
    ///   - section: `digest` or `web`.
    ///   - defaultFolder: the folder used when the key is absent and that folder exists; nil for none.
    ///   - howToCreate: how to make the folder, the words in parentheses after "create it"; nil when a tool can
    ///     make it (the error's remedy is then ``ConfigurationError/Remedy/createDigestTemplates(folder:)``).
    ///   - stock: what is used without the key, like "the stock templates".
    /// - Returns: the folder, or nil when the key is absent and there is no default folder.
    /// - Throws: ``ConfigurationError`` when the key names something that is not a folder.
    func templatesFolder(
        _ section: String, default defaultFolder: String?, howToCreate: String?, stock: String
    ) throws -> URL? {
        let explicit = value(section, "templates") != nil
        guard explicit || defaultFolder != nil else { return nil }
        let folder = try path(section, "templates", default: defaultFolder ?? "")
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue
        if explicit && !exists {
            throw ConfigurationError(
                file: file, key: "\(section).templates",
                problem: "names \(folder.path), which is not a folder; create it"
                    + (howToCreate.map { " (\($0))" } ?? "") + " or remove the key to use \(stock).",
                remedy: howToCreate == nil ? .createDigestTemplates(folder: folder.path) : nil)
        }
        return exists ? folder : nil
    }
}
