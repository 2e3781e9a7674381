import BulletinCore
import BulletinTestSupport
import Foundation
import Testing

@testable import BulletinNet

/// The probe's test envelope (`smtp check`, `bulletin doctor`): MAIL FROM then RSET on the connection the probe set
/// up, in clear text and over STARTTLS with a login, against aiosmtpd.
@Suite("test MAIL FROM and RSET against aiosmtpd", .serialized)
struct SMTPEnvelopeTestTests {
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
