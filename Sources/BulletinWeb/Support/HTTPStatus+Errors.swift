import BulletinStore
import HTTPTypes

extension HTTPResponse.Status {
    /// The status of a request that failed with `error`, which no route turned into a page of its own: 503 (Service
    /// Unavailable) when the same request may succeed shortly — the database or the send lock is busy, another
    /// send froze the issue first, a restore holds the database — and 500 (Internal Server Error) for anything
    /// else. The one place where the web server decides what an error means for HTTP.
    init(failure error: any Error) {
        switch error {
        case let error as SQLiteError where error.isBusy: self = .serviceUnavailable
        case SendLockError.busy: self = .serviceUnavailable
        case is DeliveryLedgerError: self = .serviceUnavailable
        case BackupError.inUse: self = .serviceUnavailable
        default: self = .internalServerError
        }
    }
}
