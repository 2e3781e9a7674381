import BulletinCore
import BulletinStore
import Foundation

/// The web's way to ``IssueReport``: reports made one at a time on one connection a ``SerialConnection``
/// owns, off the Swift concurrency pool.
public final class ReportDesk: Sendable {
    private let connection: SerialConnection<Database>
    private let timeZone: TimeZone
    private let now: @Sendable () -> Date

    /// Takes ownership of `database`; days in `timeZone`, reports made at the time `now` tells.
    public init(database: consuming sending Database, timeZone: TimeZone, now: @escaping @Sendable () -> Date) {
        connection = SerialConnection(label: "bulletin.reports", database)
        self.timeZone = timeZone
        self.now = now
    }

    /// The desk of `environment`: its database, `[digest] time_zone` and clock.
    ///
    /// - Throws: ``DatabaseOpenError``, ``SQLiteError``.
    public convenience init(environment: AppEnvironment) throws {
        self.init(
            database: try environment.openDatabase(), timeZone: environment.configuration.digest.timeZone,
            now: environment.now)
    }

    /// The HTML report of the issue of `week`; nil when no issue of that week was sent.
    ///
    /// - Throws: the database's errors.
    public func html(week: String) async throws -> String? {
        let (zone, time) = (timeZone, now())
        return try await connection.run { database in
            do {
                return try IssueReport(database: database, timeZone: zone, now: time).document(
                    .issue(week), format: .html)
            } catch is StatusError {
                return nil
            }
        }
    }
}
