import BulletinCore
import BulletinStore
import Foundation
import Logging

extension InitCommand {
    /// Completes a folder whose bulletin.toml exists but whose database does not (a configuration copied to a new
    /// server): creates the database, with its migrations, and the link secret when that is missing too. The
    /// configuration is read, never written.
    ///
    /// - Throws: ``InitError/configurationExists(_:)`` when the database exists as well; configuration, secret
    ///   and database errors.
    func completeExistingFolder(configuration configURL: URL, logger: Logger) throws {
        let configuration = try ConfigurationLoader.load(path: configURL.path)
        let databasePath = configuration.store.path.path
        if FileManager.default.fileExists(atPath: databasePath) {
            throw InitError.configurationExists(configURL.path)
        }
        let secretFile = configuration.links.secretFile
        let secretCreated = try createSecretAndDatabase(configuration, logger: logger)

        let out = Terminal.standardOutput
        out.line("Kept     \(configURL.path) as it is")
        out.line("Created  database \(databasePath)")
        if secretCreated {
            out.line("Created  secret \(secretFile.path) (mode 0600; keep it private)")
        }
    }

    /// Creates the link secret (unless it exists) and the database with its migrations, as a configuration names
    /// them.
    ///
    /// - Returns: whether the secret was created.
    func createSecretAndDatabase(_ configuration: Configuration, logger: Logger) throws -> Bool {
        let secretCreated = try LinkSecret.create(at: configuration.links.secretFile)
        if !secretCreated {
            logger.info("kept the existing secret \(configuration.links.secretFile.path)")
        }
        _ = try Database(
            path: configuration.store.path.path, mode: .create, busyTimeout: configuration.store.busyTimeoutSeconds,
            fileMode: configuration.store.fileMode)
        SecretFileCheck.warn(configuration, logger: logger)
        return secretCreated
    }
}
