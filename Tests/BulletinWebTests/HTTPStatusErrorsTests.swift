import BulletinStore
import HTTPTypes
import Testing

@testable import BulletinWeb

/// The one place where the web server turns an error no route handled into an HTTP status: 503 for what may
/// succeed shortly, 500 for the rest.
@Suite("HTTP status of errors")
struct HTTPStatusErrorsTests {
    @Test func whatMaySucceedShortlyIs503() {
        #expect(
            HTTPResponse.Status(failure: SQLiteError(code: 5, message: "busy", context: "c")) == .serviceUnavailable)
        #expect(
            HTTPResponse.Status(failure: SQLiteError(code: 6, message: "locked", context: "c")) == .serviceUnavailable)
        #expect(
            HTTPResponse.Status(failure: SQLiteError(code: 261, message: "busy", context: "c")) == .serviceUnavailable)
        #expect(HTTPResponse.Status(failure: SendLockError.busy(pid: 1)) == .serviceUnavailable)
        #expect(HTTPResponse.Status(failure: DeliveryLedgerError.alreadyFrozen("2026-W47")) == .serviceUnavailable)
        #expect(HTTPResponse.Status(failure: BackupError.inUse("/d")) == .serviceUnavailable)
    }

    @Test func everythingElseIs500() {
        #expect(
            HTTPResponse.Status(failure: SQLiteError(code: 11, message: "corrupt", context: "c"))
                == .internalServerError)
        #expect(HTTPResponse.Status(failure: SendLockError.cannotOpen("/l", "x")) == .internalServerError)
        #expect(HTTPResponse.Status(failure: BackupError.exists("/b")) == .internalServerError)
        #expect(HTTPResponse.Status(failure: SubscriberStoreError.notFound("a@example.org")) == .internalServerError)
        #expect(HTTPResponse.Status(failure: CancellationError()) == .internalServerError)
    }
}
