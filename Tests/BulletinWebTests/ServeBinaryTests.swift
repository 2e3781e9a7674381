import Foundation
import Testing

/// The real `bulletin serve` binary: start, requests, the confirmation mail through a real SMTP server, the
/// request log, SIGTERM; and screenshots of its pages in headless Chromium.
@Suite(.serialized) struct ServeBinaryTests {
    static let base = "https://news.example.org"

    /// A newsletter folder whose relay is `sink` and whose links point at ``base``.
    static func site(sink: SMTPSink) throws -> URL {
        try ServeProcess.makeSite([
            "smtp": "url = \"smtp://127.0.0.1:\(sink.port)\"\ntls = \"none\"",
            "links": "base_url = \"\(base)\"",
            "web": "topics = [\"Politics\", \"Economy\", \"Culture\"]",
        ])
    }

    @Test func subscribeMailsAWorkingConfirmLinkThenSigtermStopsCleanly() async throws {
        let sink = try SMTPSink()
        let folder = try Self.site(sink: sink)
        let server = try ServeProcess(folder: folder)
        let client = HTTPClient(base: try #require(URL(string: "http://127.0.0.1:\(try await server.port())")))

        let subscribed = try await client.post(
            "/subscribe", form: [("email", "nora@example.org"), ("name", "Nora"), ("topics", "Economy")])
        #expect(subscribed.status == 200)
        let message = MailText.decoded(try await sink.message(1))
        #expect(message.contains("To: Nora <nora@example.org>"))
        let link = try #require(MailText.link(Self.base + "/confirm?token=", in: message))
        let token = try #require(MailText.token(of: link))
        let page = try await client.get("/confirm?token=\(token)")
        #expect(page.status == 200)
        #expect(page.body.contains("Yes, subscribe me"))
        #expect(try await client.post("/confirm?token=\(token)", form: []).status == 200)

        let shown = try ServeProcess.run(["subscribers", "show", "nora@example.org"], in: folder)
        #expect(shown.output.contains("active"))
        #expect(shown.output.contains("pending → active"))
        #expect(shown.output.contains("web"))

        let unsubscribe = try ServeProcess.run(
            ["links", "unsubscribe", "nora@example.org", "--token-only"], in: folder)
        let unsubscribeToken = unsubscribe.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            try await client.post("/unsubscribe?token=\(unsubscribeToken)", form: [("List-Unsubscribe", "One-Click")])
                .status == 200)

        #expect(try await server.terminate() == 0)
        let log = server.log
        #expect(log.contains("POST /subscribe 200"))
        #expect(log.contains("GET /confirm?token=… 200"))
        #expect(log.contains("POST /unsubscribe?token=… 200"))
        #expect(log.contains("confirmation sent to subscriber #1"))
        #expect(!log.contains(token))
        #expect(!log.contains(unsubscribeToken))
        #expect(log.contains("stopped"))
    }

    @Test func aPortInUseIsAOneLineErrorWithExit69() async throws {
        let sink = try SMTPSink()
        let folder = try Self.site(sink: sink)
        let first = try ServeProcess(folder: folder)
        let port = try await first.port()
        let second = try ServeProcess(folder: folder, arguments: ["serve", "--port", String(port)])
        #expect(try await second.exitStatus() == 69)
        let errorLines = second.log.split(separator: "\n").filter { $0.hasPrefix("bulletin: error:") }
        #expect(errorLines.count == 1)
        #expect(errorLines.first?.contains("cannot listen on 127.0.0.1:\(port)") == true)
        #expect(try await first.terminate() == 0)
    }

    @Test func anUnreadableOverrideTemplateStopsServeWithExit78() async throws {
        let sink = try SMTPSink()
        let folder = try ServeProcess.makeSite([
            "smtp": "url = \"smtp://127.0.0.1:\(sink.port)\"\ntls = \"none\"",
            "links": "base_url = \"\(Self.base)\"",
            "web": "templates = \"web-templates\"",
        ])
        let templates = folder.appendingPathComponent("web-templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let file = templates.appendingPathComponent("confirm.html.mustache")
        try Data([0x3C, 0x70, 0x3E, 0xFF, 0xFE]).write(to: file)
        let server = try ServeProcess(folder: folder)
        #expect(try await server.exitStatus() == 78)
        let errorLines = server.log.split(separator: "\n").filter { $0.hasPrefix("bulletin: error:") }
        #expect(errorLines.count == 1)
        #expect(errorLines.first?.contains("confirm.html.mustache is not UTF-8 text") == true)
        #expect(!server.log.contains("listening on"))
    }

    static var chromiumPresent: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
    }

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Takes screenshots of the subscribe, confirm and unsubscribe pages; they are kept in test-artifacts/.
    @Test(.enabled(if: chromiumPresent || inCI, "chromium is not installed (CI requires it)"))
    func theSubscribeConfirmAndUnsubscribePagesRenderInChromium() async throws {
        #expect(Self.chromiumPresent, "chromium must be installed: `make deps` installs it")
        let sink = try SMTPSink()
        let folder = try Self.site(sink: sink)
        let server = try ServeProcess(folder: folder)
        let address = "http://127.0.0.1:\(try await server.port())"
        let client = HTTPClient(base: try #require(URL(string: address)))
        _ = try await client.post("/subscribe", form: [("email", "pia@example.org"), ("name", "Pia")])
        let confirmToken = try #require(MailText.confirmToken(in: try await sink.message(1), base: Self.base))
        #expect(try await client.post("/confirm?token=\(confirmToken)", form: []).status == 200)
        let unsubscribe = try ServeProcess.run(["links", "unsubscribe", "pia@example.org", "--token-only"], in: folder)
        let unsubscribeToken = unsubscribe.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let pending = try await client.post("/subscribe", form: [("email", "quin@example.org")])
        #expect(pending.status == 200)
        let pendingToken = try #require(MailText.confirmToken(in: try await sink.message(2), base: Self.base))

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let artifacts = root.appendingPathComponent("test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let pages = [
            ("serve-subscribe", "/subscribe", "Subscribe to"),
            ("serve-confirm", "/confirm?token=\(pendingToken)", "Confirm your subscription"),
            ("serve-unsubscribe", "/unsubscribe?token=\(unsubscribeToken)", "Unsubscribe"),
        ]
        for (name, path, heading) in pages {
            #expect(try await client.get(path).body.contains(heading))
            let png = artifacts.appendingPathComponent(name + ".png")
            try? FileManager.default.removeItem(at: png)
            let chromium = Process()
            chromium.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            chromium.arguments = [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--screenshot=\(png.path)", "--window-size=800,1000", address + path,
            ]
            chromium.standardOutput = FileHandle.nullDevice
            chromium.standardError = FileHandle.nullDevice
            try chromium.run()
            chromium.waitUntilExit()
            let data = try #require(FileManager.default.contents(atPath: png.path), "no screenshot of \(path)")
            let bytes = [UInt8](data)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
            let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 800 && height == 1000, "\(name).png is \(width)×\(height)")
            // A blank page compresses to a few hundred bytes; text, a form and a button make it larger.
            #expect(bytes.count > 8_000, "\(name).png is only \(bytes.count) bytes")
        }
        // Looking at the pages changed nothing.
        let shown = try ServeProcess.run(["subscribers", "show", "pia@example.org"], in: folder)
        #expect(shown.output.contains("Status        active"))
        #expect(try await server.terminate() == 0)
    }
}
