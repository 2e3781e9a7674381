import BulletinCore
import BulletinTestSupport
import Foundation
import Testing

@testable import BulletinNet

@Suite("smtp check against aiosmtpd", .serialized)
struct SMTPProbeTests {
    @Test func reportsWhatTheRelayOffersAfterStarttlsAndLogin() async throws {
        let server = try SMTPTestServer(tls: .starttls, auth: true)
        let settings = try smtpSettings(
            """
            url = "smtp://127.0.0.1:\(server.port)"
            ca_file = "\(server.certificate.path)"
            username = "bulletin"
            password_env = "P"
            """)
        let report = try SMTPProbe.check(settings: settings, password: "correct horse")
        #expect(report.greeting?.code == 220)
        #expect(report.offersStartTLS)
        #expect(report.usedTLS)
        #expect(report.authenticated)
        #expect(Set(report.authMechanisms) == ["PLAIN", "LOGIN"])
        #expect(report.maximumSize == 10 * 1024 * 1024)
        #expect(!report.extensions.contains("STARTTLS"), "after STARTTLS the server no longer offers it")
        #expect(try server.stats().messages.isEmpty)
    }

    @Test func aRefusedLoginIsAConfigurationError() async throws {
        let server = try SMTPTestServer(tls: .starttls, auth: true)
        let settings = try smtpSettings(
            """
            url = "smtp://127.0.0.1:\(server.port)"
            ca_file = "\(server.certificate.path)"
            username = "bulletin"
            password_env = "P"
            """)
        #expect(throws: SMTPError.self) { try SMTPProbe.check(settings: settings, password: "Secret-99") }
        do {
            _ = try SMTPProbe.check(settings: settings, password: "Secret-99")
        } catch let error as SMTPError {
            guard case .authenticationFailed(_, "bulletin", _) = error else {
                Issue.record("expected a refused login, got \(error)")
                return
            }
            #expect(!error.description.contains("Secret-99"))
        }
    }

    @Test func aPlainRelayReportsNoTLS() async throws {
        let server = try SMTPTestServer()
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"")
        let report = try SMTPProbe.check(settings: settings, password: nil)
        #expect(!report.usedTLS)
        #expect(!report.offersStartTLS)
        #expect(!report.authenticated)
        #expect(report.extensions.contains("8BITMIME"))
    }

    // The test envelope (`smtp check`, `bulletin doctor`): MAIL FROM, then RSET, nothing sent.

    @Test func mailFromIsAcceptedAndResetOverStarttlsWithALogin() throws {
        let server = try SMTPTestServer(tls: .starttls, auth: true)
        let settings = try smtpSettings(
            """
            url = "smtp://127.0.0.1:\(server.port)"
            ca_file = "\(server.certificate.path)"
            username = "bulletin"
            password_env = "P"
            """)
        let test = try SMTPProbe.check(
            settings: settings, password: "correct horse", sender: "bounces@example.org")
        #expect(test.isReady)
        #expect(test.senderReply?.code == 250)
        #expect(test.resetReply?.code == 250)
        #expect(try server.stats().messages.isEmpty)
    }

    @Test func aRefusedSenderIsReportedWithTheRelaysReply() throws {
        let server = try AiosmtpdServer(["--refuse-sender", "bounces@example.org"])
        let settings = try smtpSettings("url = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"")
        let refused = try SMTPProbe.check(settings: settings, password: nil, sender: "bounces@example.org")
        #expect(!refused.isReady)
        #expect(refused.senderReply?.description == "550 5.7.1 Sender not allowed here")
        #expect(refused.resetReply == nil)
        let other = try SMTPProbe.check(settings: settings, password: nil, sender: "news@example.org")
        #expect(other.isReady)
    }
}
