import Foundation
import Testing

/// `bulletin inbound`'s contract as a process: what it reads, what it prints, where it leaves Maildir messages,
/// its exit codes.
@Suite struct InboundCommandTests {
    @Test func readsStandardInputAndAMaildirPrintsJSONLinesAndMovesWhatItRead() throws {
        let site = try Site()
        #expect(try site.run("subscribers", "add", "ada@example.org").status == 0)
        let mail = "From: Ada <ada@example.org>\nTo: newsletter@example.org\nSubject: unsubscribe\n\nPlease stop.\n"
        let piped = try site.run("inbound", "--json", "-", input: mail)
        #expect(piped.status == 0, "\(piped.stderr)")
        let line = try #require(
            try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any])
        #expect(line["kind"] as? String == "unsubscribe")
        #expect(line["recipient"] as? String == "ada@example.org")
        #expect(line["source"] as? String == "standard input")
        #expect(line["delivery"] is NSNull)
        #expect(line["status"] is NSNull)
        #expect(line["outcome"] as? String == "unsubscribed")
        #expect(try site.run("subscribers", "show", "ada@example.org").stdout.contains("active → unsubscribed"))

        let maildir = site.folder.appendingPathComponent("Maildir")
        for name in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: maildir.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(
            to: maildir.appendingPathComponent("new/1.binary"))
        try Data("From: someone@example.net\nTo: newsletter@example.org\nSubject: hello\n\nhi\n".utf8).write(
            to: maildir.appendingPathComponent("new/2.other"))
        let dry = try site.run("inbound", "--dry-run", maildir.path)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Dry run (nothing was changed): 2 messages read."))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path).count == 2)
        let summary = try site.run("inbound", maildir.path)
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout.contains("2 messages read."))
        #expect(summary.stdout.contains("other 1"))
        #expect(summary.stdout.contains("unreadable: 1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path).isEmpty)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("cur").path).sorted()
                == ["1.binary:2,S", "2.other:2,S"])
    }

    @Test func aMissingPathIs66AndNoPathIsAUsageError() throws {
        let site = try Site()
        let missing = try site.run("inbound", "no-such-mailbox")
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("there is nothing at no-such-mailbox"))
        #expect(try site.run("inbound").status == 64)
    }
}
