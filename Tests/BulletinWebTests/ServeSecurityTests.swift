import Foundation
import Testing

/// Issue 14 with the real binaries: `subscribers remove` while `serve` holds the database open leaves no copy of
/// the address in the database, its -wal or its -shm; `serve` warns about a link secret others can read; and a
/// real browser made to post the subscribe form from another site is refused.
@Suite struct ServeSecurityTests {
    static func site(sink: SMTPSink) throws -> URL {
        try ServeProcess.makeSite([
            "smtp": "url = \"smtp://127.0.0.1:\(sink.port)\"\ntls = \"none\"",
            "links": "base_url = \"https://news.example.org\"",
        ])
    }

    static func files(_ folder: URL) -> Data {
        let path = folder.appendingPathComponent("Subscribers/bulletin.sqlite").path
        return ["", "-wal", "-shm"].reduce(into: Data()) { data, suffix in
            data += FileManager.default.contents(atPath: path + suffix) ?? Data()
        }
    }

    @Test func removeWhileServeRunsLeavesNoCopyOfTheAddress() async throws {
        let sink = try SMTPSink()
        let folder = try Self.site(sink: sink)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServeProcess(folder: folder)
        let client = HTTPClient(base: try #require(URL(string: "http://127.0.0.1:\(try await server.port())")))
        let victim = "quinn.erasable@example.org"
        for name in ["Quinn", "Quinn Q", "Quinn Quincy"] {
            #expect(try await client.post("/subscribe", form: [("email", victim), ("name", name)]).status == 200)
        }
        _ = try await sink.message(1)
        let token = try #require(MailText.confirmToken(in: try await sink.message(1)))
        #expect(try await client.post("/confirm?token=\(token)", form: []).status == 200)
        for round in 0..<10 {
            let preferences = try ServeProcess.run(["links", "preferences", victim, "--token-only"], in: folder)
            let saved = try await client.post(
                "/preferences?token=\(preferences.output.trimmingCharacters(in: .whitespacesAndNewlines))",
                form: [("name", "Quinn \(round)")])
            #expect(saved.status == 200)
        }
        #expect(Self.files(folder).range(of: Data(victim.utf8)) != nil)

        let removed = try ServeProcess.run(["subscribers", "remove", victim, "--yes"], in: folder)
        #expect(removed.status == 0, "\(removed.output)")
        #expect(!removed.output.contains("could not be emptied"))
        #expect(Self.files(folder).range(of: Data(victim.utf8)) == nil)
        #expect(Self.files(folder).range(of: Data("quinn.erasable".utf8)) == nil)
        // The server still works on the same database.
        #expect(try await client.get("/health").status == 200)
        #expect(try await server.terminate() == 0)
        #expect(!server.log.contains("quinn.erasable"))
    }

    @Test func serveWarnsWhenTheLinkSecretIsReadableByOthers() async throws {
        let sink = try SMTPSink()
        let folder = try Self.site(sink: sink)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("bulletin.secret").path
        chmod(secret, 0o644)
        let server = try ServeProcess(folder: folder)
        _ = try await server.port()
        #expect(try await server.terminate() == 0)
        #expect(server.log.contains("the link secret \(secret) is readable by every user"))
    }

    static var chromiumPresent: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A page on another origin (another port of 127.0.0.1, served by Python's http.server) that makes the
    /// visitor's browser post the subscribe form with an address of the attacker's choosing.
    @Test(.enabled(if: chromiumPresent || inCI, "chromium is not installed (CI requires it)"))
    func aBrowserMadeToPostTheFormFromAnotherSiteIsRefused() async throws {
        let sink = try SMTPSink()
        let folder = try Self.site(sink: sink)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServeProcess(folder: folder)
        let port = try await server.port()
        let attacker = folder.appendingPathComponent("attacker")
        try FileManager.default.createDirectory(at: attacker, withIntermediateDirectories: true)
        try Data(
            """
            <!doctype html><html><body>
            <form method="post" action="http://127.0.0.1:\(port)/subscribe">
            <input name="email" value="csrf-victim@example.org"><input name="name" value="Pwned"></form>
            <script>document.forms[0].submit()</script>
            </body></html>
            """.utf8
        ).write(to: attacker.appendingPathComponent("attack.html"))
        let pages = Process()
        pages.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        pages.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"]
        pages.currentDirectoryURL = attacker
        let output = Pipe()
        pages.standardOutput = output
        pages.standardError = FileHandle.nullDevice
        try pages.run()
        defer { pages.terminate() }
        let banner = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let pagesPort = try #require(
            banner.components(separatedBy: "port ").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) })

        let chromium = Process()
        chromium.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        chromium.arguments = [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", "--dump-dom",
            "http://127.0.0.1:\(pagesPort)/attack.html",
        ]
        let dom = Pipe()
        chromium.standardOutput = dom
        chromium.standardError = FileHandle.nullDevice
        try chromium.run()
        let page = String(decoding: dom.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        chromium.waitUntilExit()
        #expect(page.contains("Not accepted"), "\(page.prefix(400))")
        #expect(server.log.contains("POST /subscribe 403"))
        let shown = try ServeProcess.run(["subscribers", "show", "csrf-victim@example.org"], in: folder)
        #expect(shown.status != 0)
        #expect(try await server.terminate() == 0)
    }
}
