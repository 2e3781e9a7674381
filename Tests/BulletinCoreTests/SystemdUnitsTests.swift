import BulletinCore
import Foundation
import Testing

/// The systemd units `bulletin schedule --systemd` prints, and the examples in Examples/systemd/.
@Suite struct SystemdUnitsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let example = SystemdUnits(
        newsletter: "Example Weekly", binary: "/usr/local/bin/bulletin",
        configuration: "/srv/newsletter/bulletin.toml", siteFolder: "/srv/newsletter", user: "bulletin")

    @Test func theExamplesAreTheUnitsForSrvNewsletter() throws {
        for file in Self.example.files {
            let url = Self.root.appendingPathComponent("Examples/systemd/\(file.name)")
            if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
            #expect(
                try String(contentsOf: url, encoding: .utf8) == file.text,
                "Examples/systemd/\(file.name) differs; RECORD_SNAPSHOTS=1 writes it again")
        }
    }

    @Test func theServeUnitRunsSandboxedAsItsOwnUserAndStopsWithSIGTERM() {
        let serve = Self.example.serve
        for line in [
            "User=bulletin", "ProtectSystem=strict", "ReadWritePaths=/srv/newsletter", "NoNewPrivileges=yes",
            "Restart=on-failure", "KillSignal=SIGTERM", "ProtectHome=yes",
            "ExecStart=/usr/local/bin/bulletin serve --config /srv/newsletter/bulletin.toml",
        ] {
            #expect(serve.contains("\n\(line)\n"), "\(line)")
        }
        #expect(Self.example.timer.contains("\nOnCalendar=*:0/15\n"))
        #expect(Self.example.send.contains("send --if-due --quiet --config /srv/newsletter/bulletin.toml\n"))
    }

    @Test func pathsWithSpacesAreQuotedAndAHomeFolderStaysReachable() {
        let units = SystemdUnits(
            newsletter: "N", binary: "/home/ann/bin/bulletin", configuration: "/home/ann/my news/bulletin.toml",
            siteFolder: "/home/ann/my news", otherWritableFolders: ["/var/lib/news db"], user: "ann",
            passwordVariable: "SMTP_PASSWORD")
        #expect(units.serve.contains("ReadWritePaths=\"/home/ann/my news\" \"/var/lib/news db\"\n"))
        #expect(units.serve.contains("--config \"/home/ann/my news/bulletin.toml\"\n"))
        #expect(units.serve.contains("ProtectHome=read-only\n"))
        #expect(units.send.contains("EnvironmentFile=/etc/bulletin/ann.env\n"))
    }
}

/// Published DKIM records read and compared with a key.
@Suite struct DKIMRecordTests {
    @Test func aRecordMatchesItsKeyAndNoOther() throws {
        let key = try DKIMPrivateKey.generate(.ed25519SHA256)
        let other = try DKIMPrivateKey.generate(.ed25519SHA256)
        #expect(DKIMRecord(key.dnsRecordText).verdict(for: key) == .matches)
        #expect(DKIMRecord(other.dnsRecordText).verdict(for: key) == .otherKey)
        // Folded white space inside p= is ignored; tag names are case-insensitive.
        let base64 = key.publicKeyBase64
        let spaced = "v=DKIM1; K=ed25519; P = \(base64.prefix(10)) \(base64.dropFirst(10))"
        #expect(DKIMRecord(spaced).verdict(for: key) == .matches)
        #expect(DKIMRecord("v=DKIM1; k=rsa; p=").verdict(for: key) == .revoked)
        #expect(DKIMRecord("v=DKIM1; p=MIIB").verdict(for: key) == .otherKeyType("rsa"))
        #expect(DKIMRecord.verdict(records: ["v=spf1 -all"], for: key) == nil)
        #expect(DKIMRecord.verdict(records: [other.dnsRecordText, key.dnsRecordText], for: key) == .matches)
    }
}
