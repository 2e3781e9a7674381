import BulletinCore
import BulletinStore

extension GlobalOptions {
    /// Opens the configured database, which must exist.
    func openDatabase(_ configuration: Configuration) throws -> Database {
        try Database(
            path: configuration.store.path.path, mode: .existing,
            busyTimeout: configuration.store.busyTimeoutSeconds)
    }
}
