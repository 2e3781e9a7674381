import Foundation

/// Edits a test site's `bulletin.toml` the way a person would: lines added under a section.
public enum ConfigurationFile {
    /// Adds `lines` under `[section]` of the `bulletin.toml` in `folder`, after its header, or adds the section at
    /// the end when the file has none.
    public static func add(_ lines: String, to section: String, in folder: URL) throws {
        let url = folder.appendingPathComponent("bulletin.toml")
        var text = try String(contentsOf: url, encoding: .utf8)
        if let range = text.range(of: "\n[\(section)]\n") {
            text.insert(contentsOf: lines + "\n", at: range.upperBound)
        } else {
            text += "\n[\(section)]\n" + lines + "\n"
        }
        try Data(text.utf8).write(to: url)
    }
}
