import BulletinCore
import Foundation

extension InitCommand {
    /// Writes the stock digest templates and their README into `folder`, keeping any file already there.
    ///
    /// - Returns: how many files were written.
    func copyStockTemplates(to folder: URL) throws -> Int {
        var files = StockTemplates.sources.map { (StockTemplates.fileName($0.key), $0.value) }
        files.append(("README.md", StockTemplates.readme))
        var written = 0
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            guard !FileManager.default.fileExists(atPath: url.path) else { continue }
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                throw InitError.cannotCreate(url.path, error.localizedDescription)
            }
            written += 1
        }
        return written
    }
}
