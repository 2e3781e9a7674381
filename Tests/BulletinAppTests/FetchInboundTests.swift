import BulletinApp
import BulletinCore
import BulletinNet
import BulletinTestSupport
import Foundation
import Testing

/// `FetchInbound` over a real Dovecot through libcurl: IMAP (implicit TLS and clear text on the loopback) and
/// POP3S.
@Suite("Fetching inbound mail from Dovecot", .serialized, .enabled(if: DovecotServer.isInstalled))
struct FetchInboundTests {
    private struct ProcessingFailed: Error {}

    private static func message(_ number: Int) -> String {
        "From: MAILER-DAEMON@example.net\r\nTo: bounces@example.org\r\nSubject: Undelivered \(number)\r\n"
            + "Message-ID: <\(number)@example.net>\r\n\r\nReport \(number).\r\n"
    }

    private func settings(
        _ server: DovecotServer, _ url: String, tls: Configuration.SMTP.TLSMode = .implicit,
        processedFolder: String? = nil
    ) throws -> Configuration.Inbound {
        let parsed = try #require(URL(string: url))
        return Configuration.Inbound(
            url: parsed, accessProtocol: url.hasPrefix("pop3") ? .pop3 : .imap, tls: tls, username: server.username,
            passwordEnvironmentVariable: "P", passwordFile: nil, processedFolder: processedFolder,
            caFile: server.certificate)
    }

    private func fetch(
        _ settings: Configuration.Inbound, password: String, failing: Set<String> = []
    ) throws -> (FetchInbound.Counts, [String]) {
        var seen: [String] = []
        let useCase = FetchInbound { try CurlInboundFetcher(settings: settings, password: password) }
        let counts = try useCase.run { bytes, source in
            let text = String(decoding: bytes, as: UTF8.self)
            let subject = text.split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }.map(String.init) ?? ""
            seen.append(subject)
            #expect(source.contains(";UID=") || source.hasPrefix("pop3"))
            if failing.contains(subject) { throw ProcessingFailed() }
        }
        return (counts, seen)
    }

    @Test func imapsMovesProcessedMessagesToTheProcessedFolderWhichIsCreated() throws {
        let server = try DovecotServer()
        for number in 1...3 { try server.deliver(Self.message(number)) }
        let settings = try settings(
            server, "imaps://localhost:\(server.imapsPort)/INBOX", processedFolder: "Processed")

        let (counts, seen) = try fetch(settings, password: server.password, failing: ["Subject: Undelivered 2"])
        #expect(seen.sorted() == ["Subject: Undelivered 1", "Subject: Undelivered 2", "Subject: Undelivered 3"])
        #expect(counts.processed == 2 && counts.failed == 1)
        #expect(server.files(in: "Processed").count == 2)
        #expect(server.files().count == 1)

        let (again, seenAgain) = try fetch(settings, password: server.password)
        #expect(seenAgain == ["Subject: Undelivered 2"])
        #expect(again.processed == 1 && again.failed == 0)
        #expect(server.files(in: "Processed").count == 3)
        #expect(try fetch(settings, password: server.password).1.isEmpty)
    }

    /// A server that does not announce MOVE (RFC 6851): the processed messages are copied, flagged \Deleted and
    /// expunged, by UID where it announces UIDPLUS and for the whole folder where it does not.
    @Test(arguments: [true, false])
    func imapWithoutMoveCopiesDeletesAndExpunges(uidPlus: Bool) throws {
        let capabilities = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+" + (uidPlus ? " UIDPLUS" : "")
        let server = try DovecotServer(extraConfiguration: "imap_capability = \(capabilities)")
        for number in 1...3 { try server.deliver(Self.message(number)) }
        let settings = try settings(
            server, "imaps://localhost:\(server.imapsPort)/INBOX", processedFolder: "Processed")

        let (counts, _) = try fetch(settings, password: server.password, failing: ["Subject: Undelivered 2"])
        #expect(counts.processed == 2 && counts.failed == 1)
        #expect(server.files(in: "Processed").count == 2)
        #expect(server.files().count == 1)
        let (again, seenAgain) = try fetch(settings, password: server.password)
        #expect(seenAgain == ["Subject: Undelivered 2"])
        #expect(again.processed == 1)
        #expect(server.files(in: "Processed").count == 3)
        #expect(server.files().isEmpty)
        let log = (try? String(contentsOf: server.folder.appendingPathComponent("dovecot.log"), encoding: .utf8)) ?? ""
        #expect(!log.contains("Error"), "\(log)")
    }

    @Test func imapWithoutAProcessedFolderFlagsSeenAndSkipsSeenOnes() throws {
        let server = try DovecotServer()
        for number in 1...3 { try server.deliver(Self.message(number)) }
        let settings = try settings(server, "imap://127.0.0.1:\(server.imapPort)/INBOX", tls: .none)

        let (counts, _) = try fetch(settings, password: server.password, failing: ["Subject: Undelivered 3"])
        #expect(counts.processed == 2 && counts.failed == 1)
        // Still all in INBOX: flagged, not moved, never deleted.
        #expect(server.files().count == 3)
        let (again, seenAgain) = try fetch(settings, password: server.password)
        #expect(seenAgain == ["Subject: Undelivered 3"])
        #expect(again.processed == 1)
        #expect(try fetch(settings, password: server.password).1.isEmpty)
        #expect(server.files().count == 3)
        #expect(
            server.files().allSatisfy { $0.lastPathComponent.contains(":2,") && $0.lastPathComponent.hasSuffix("S") })
    }

    @Test func pop3sDeletesOnlyProcessedMessages() throws {
        let server = try DovecotServer()
        for number in 1...3 { try server.deliver(Self.message(number)) }
        let settings = try settings(server, "pop3s://localhost:\(server.pop3sPort)")

        let (counts, seen) = try fetch(settings, password: server.password, failing: ["Subject: Undelivered 1"])
        #expect(seen.count == 3)
        #expect(counts.processed == 2 && counts.failed == 1)
        #expect(server.files().count == 1)
        let (again, seenAgain) = try fetch(settings, password: server.password)
        #expect(seenAgain == ["Subject: Undelivered 1"])
        #expect(again.processed == 1)
        #expect(server.files().isEmpty)
    }

    @Test func aWrongPasswordIsTheLoginError() throws {
        let server = try DovecotServer()
        try server.deliver(Self.message(1))
        for url in ["imaps://localhost:\(server.imapsPort)/INBOX", "pop3s://localhost:\(server.pop3sPort)"] {
            #expect(
                throws: InboundFetchError.loginRefused(
                    server: "localhost:\(URL(string: url)?.port ?? 0)",
                    username: server.username)
            ) {
                _ = try fetch(try settings(server, url), password: "wrong")
            }
        }
        #expect(server.files().count == 1)
    }

    @Test func aMissingFolderIsNamed() throws {
        let server = try DovecotServer()
        #expect(throws: InboundFetchError.folderMissing(server: "localhost:\(server.imapsPort)", folder: "Bounces")) {
            _ = try fetch(
                try settings(server, "imaps://localhost:\(server.imapsPort)/Bounces"), password: server.password)
        }
    }

    @Test func aClosedPortIsUnreachable() throws {
        let port = try DovecotServer.freePorts(1)[0]
        let settings = Configuration.Inbound(
            url: try #require(URL(string: "imaps://127.0.0.1:\(port)/INBOX")), accessProtocol: .imap, tls: .implicit,
            username: "u", passwordEnvironmentVariable: "P", passwordFile: nil, processedFolder: nil, caFile: nil)
        do {
            _ = try fetch(settings, password: "p")
            Issue.record("fetched from a closed port")
        } catch let error as InboundFetchError {
            guard case .unreachable = error else {
                Issue.record("expected unreachable, got \(error)")
                return
            }
        }
    }

    @Test func anUntrustedCertificateIsTheTLSError() throws {
        let server = try DovecotServer()
        var settings = try settings(server, "imaps://localhost:\(server.imapsPort)/INBOX")
        settings.caFile = nil
        do {
            _ = try fetch(settings, password: server.password)
            Issue.record("trusted a self-signed certificate")
        } catch let error as InboundFetchError {
            guard case .tlsFailed = error else {
                Issue.record("expected tlsFailed, got \(error)")
                return
            }
        }
    }
}
