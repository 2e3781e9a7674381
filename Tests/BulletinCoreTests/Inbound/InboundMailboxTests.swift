import BulletinCore
import Foundation
import Testing

/// Messages read from the places mail is left: a file, a folder, a Maildir, an mbox.
@Suite struct InboundMailboxTests {
    static let message = "From: MAILER-DAEMON@example.org\nSubject: failure notice\n\nbody line\n"

    func all(_ path: String) throws -> [InboundItem] {
        var items: [InboundItem] = []
        try InboundMailbox.read(path) { items.append($0) }
        return items
    }

    @Test func readsTheNewMessagesOfAMaildirAndMovesThemToCur() throws {
        let folder = try TemporaryDirectory()
        let maildir = folder.url.appendingPathComponent("Maildir")
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Data(Self.message.utf8).write(to: maildir.appendingPathComponent("new/1796000000.M1P1.host"))
        try Data(Self.message.utf8).write(to: maildir.appendingPathComponent("new/1796000001.M2P1.host"))
        try Data(Self.message.utf8).write(to: maildir.appendingPathComponent("cur/1795000000.M0P1.host:2,S"))
        let items = try all(maildir.path)
        #expect(
            items.map { URL(fileURLWithPath: $0.source).lastPathComponent } == [
                "1796000000.M1P1.host", "1796000001.M2P1.host",
            ])
        try InboundMailbox.markProcessed(items[0])
        let new = try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path)
        let cur = try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("cur").path)
        #expect(new == ["1796000001.M2P1.host"])
        #expect(Set(cur) == ["1795000000.M0P1.host:2,S", "1796000000.M1P1.host:2,S"])
        #expect(try all(maildir.path).count == 1)
    }

    @Test func splitsAnMboxAndUndoesItsQuoting() throws {
        let folder = try TemporaryDirectory()
        let mbox = """
            From MAILER-DAEMON Mon Nov 30 07:00:09 2026
            Subject: one

            >From the desk of the editor
            >>From nested

            From MAILER-DAEMON Mon Nov 30 07:00:10 2026
            Subject: two

            body
            From here on, not a separator (no blank line before it)

            From MAILER-DAEMON Mon Nov 30 07:00:11 2026
            Subject: three

            last
            """
        let path = try folder.write(Array(mbox.utf8), to: "bounces.mbox")
        let items = try all(path)
        #expect(items.map(\.source) == ["\(path)#1", "\(path)#2", "\(path)#3"])
        let texts = items.map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(texts[0] == "Subject: one\n\nFrom the desk of the editor\n>From nested\n")
        #expect(texts[1] == "Subject: two\n\nbody\nFrom here on, not a separator (no blank line before it)\n")
        #expect(texts[2] == "Subject: three\n\nlast")
    }

    @Test func readsAFolderOfFilesAndASingleFile() throws {
        let folder = try TemporaryDirectory()
        let messages = folder.url.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: messages, withIntermediateDirectories: true)
        for name in ["b.eml", "a.eml", ".hidden"] {
            try Data(Self.message.utf8).write(to: messages.appendingPathComponent(name))
        }
        #expect(try all(messages.path).map { URL(fileURLWithPath: $0.source).lastPathComponent } == ["a.eml", "b.eml"])
        let single = try all(messages.appendingPathComponent("a.eml").path)
        #expect(single.count == 1)
        #expect(single[0].bytes == Array(Self.message.utf8))
        #expect(!single[0].isTruncated)
    }

    @Test func aMissingPathIsExit66() throws {
        let error = try #require(throws: InboundMailboxError.self) { try all("/nonexistent/Maildir") }
        #expect(error == .missing("/nonexistent/Maildir"))
        #expect(error.description.hasPrefix("there is nothing at /nonexistent/Maildir;"))
    }
}
