import BulletinTestSupport
import Foundation
import Testing

/// `preview --for/--topics` and `digest show --topic` on the example site with three topics.
@Suite(.serialized) struct TopicCommandTests {
    static let topics = """
        economy = { label = "Economy", categories = ["Economy"] }
        energy = { label = "Energy", categories = ["energy"] }
        security = { label = "Security & defence", categories = ["Security"] }
        """

    static func site() throws -> Site {
        let site = try DigestSite.make()
        try ConfigurationFile.add(topics, to: "topics", in: site.folder)
        return site
    }

    @Test func previewShowsTheSectionsOfAReaderOrOfMadeUpTopics() throws {
        let site = try Self.site()
        let runner = DigestSite.runner(site)
        let plain = try runner.run(["preview"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("Stop receiving"))

        let two = try runner.run(["preview", "--topics", "security,economy"])
        #expect(two.status == 0, "\(two.stderr)")
        let economy = try #require(two.stdout.range(of: "\nEconomy\n")?.lowerBound)
        let security = try #require(two.stdout.range(of: "\nSecurity & defence\n")?.lowerBound)
        #expect(economy < security)
        #expect(two.stdout.contains("Stop receiving Economy: "))
        #expect(two.stdout.contains("&topic=economy"))
        #expect(!two.stdout.contains("Stop receiving Energy"))
        // Without the sections, the preview is the plain one.
        let withoutSections = two.stdout.replacingOccurrences(
            of: #"\n\nEconomy\n[\s\S]*&topic=security\n"#, with: "\n", options: .regularExpression)
        #expect(withoutSections == plain.stdout)

        #expect(try runner.run(["subscribers", "add", "dana@example.com", "--topics", "energy"]).status == 0)
        let dana = try runner.run(["preview", "--for", "dana@example.com", "--format", "html"])
        #expect(dana.status == 0, "\(dana.stderr)")
        #expect(dana.stdout.contains(">Stop receiving Energy</a>"))
        #expect(!dana.stdout.contains(">Stop receiving Economy</a>"))

        let unknown = try runner.run(["preview", "--topics", "economy,sports"])
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr
                == "bulletin: error: there is no topic 'sports'; the configured topics are economy, energy, security.\n"
        )
    }

    @Test func digestShowTopicExplainsTheSection() throws {
        let site = try Self.site()
        let runner = DigestSite.runner(site)
        let text = try runner.run(["digest", "show", "--topic", "economy"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("2026-W47 section economy (Economy): 3 articles\n"))
        #expect(text.stdout.contains("in the main block"))
        #expect(text.stdout.contains("not in the topic"))

        let json = try runner.run(["digest", "show", "--topic", "economy", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        let chosen = candidates.filter { ($0["chosen"] as? Bool) == true }
        #expect(chosen.count == 3)
        for candidate in chosen {
            #expect((candidate["categories"] as? [String])?.contains("Economy") == true)
        }
        let main = try runner.run(["digest", "show", "--json"])
        let mainObject = try #require(try JSONSerialization.jsonObject(with: Data(main.stdout.utf8)) as? [String: Any])
        let mainURLs = Set(
            (mainObject["candidates"] as? [[String: Any]] ?? []).filter { ($0["chosen"] as? Bool) == true }
                .compactMap { $0["url"] as? String })
        #expect(mainURLs.count == 10)
        #expect(Set(chosen.compactMap { $0["url"] as? String }).isDisjoint(with: mainURLs))

        let unknown = try runner.run(["digest", "show", "--topic", "sports"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("the configured topics are economy, energy, security."))
    }

    @Test func aSentWeekShowsItsFrozenSectionsWhateverCameSince() throws {
        let relay = try TestRelay(["--keep-bodies"])
        let site = try Self.site()
        try site.configure("smtp", relay.smtpSettings)
        let runner = DigestSite.runner(site)
        #expect(try runner.run(["subscribers", "add", "dana@example.com", "--topics", "economy"]).status == 0)
        let before = try runner.run(["digest", "show", "--topic", "economy", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any])
        let chosen = (object["candidates"] as? [[String: Any]] ?? []).filter { ($0["chosen"] as? Bool) == true }
            .compactMap { $0["url"] as? String }
        #expect(chosen.count == 3)
        let sent = try runner.run(["send", "--yes"])
        #expect(sent.status == 0, "\(sent.stderr)")
        // An editor excludes one of the section's articles afterwards: the sent week does not change.
        #expect(try runner.run(["digest", "exclude", chosen[0], "--week", "2026-W47"]).status == 0)
        let text = try runner.run(["digest", "show", "--topic", "economy"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.hasPrefix("2026-W47 section economy (Economy): sent as issue #1 on 2026-11-25, 3 articles\n"))
        let json = try runner.run(["digest", "show", "--topic", "economy", "--json"])
        let frozen = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((frozen["articles"] as? [[String: Any]])?.compactMap { $0["url"] as? String } == chosen)
        let preview = try runner.run(["preview", "--for", "dana@example.com"])
        #expect(preview.status == 0 && preview.stdout.contains("Stop receiving Economy: "))
        #expect(preview.stdout.contains(chosen[0]))
        let message = try #require(try relay.stats().messages.first { $0.to == ["dana@example.com"] }?.content)
        #expect(message.contains("topic=3Deconomy") || message.contains("topic=economy"))
    }

    @Test func templatesWithoutSectionsGetAWarning() throws {
        let site = try Self.site()
        let templates = site.folder.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(
            at: templates.appendingPathComponent("partials"), withIntermediateDirectories: true)
        for name in [
            "digest.html.mustache", "digest.txt.mustache", "subject.txt.mustache", "partials/article.html.mustache",
            "partials/article.txt.mustache",
        ] {
            let stock = try String(
                contentsOf: DigestSite.root.appendingPathComponent("Templates/\(name)"), encoding: .utf8)
            let old = stock.replacingOccurrences(
                of: #"\{\{#sections\}\}[\s\S]*\{\{/sections\}\}\n"#, with: "", options: .regularExpression)
            try Data(old.utf8).write(to: templates.appendingPathComponent(name))
        }
        let result = try DigestSite.runner(site).run(["preview", "--topics", "economy"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("Stop receiving"))
        #expect(result.stderr.contains("the digest templates do not show the topic sections"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")))
    func aThreeTopicIssueRendersAt375Pixels() throws {
        let site = try Self.site()
        let artifacts = DigestSite.root.appendingPathComponent("test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let page = artifacts.appendingPathComponent("digest-topics-3.html")
        let result = try DigestSite.runner(site).run([
            "preview", "--topics", "economy,energy,security", "--format", "html", "--output", page.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains(">Stop receiving Security &amp; defence</a>"))
        let png = artifacts.appendingPathComponent("digest-topics-3-375.png")
        try? FileManager.default.removeItem(at: png)
        try Chromium.screenshot(page, to: png, width: 375, height: 4000)
        let bytes = [UInt8](try Data(contentsOf: png))
        // The IHDR chunk: width at bytes 16–19, big-endian.
        #expect(bytes.count > 24 && bytes[12..<16].elementsEqual("IHDR".utf8))
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 375)
        #expect(try Chromium.distinctPixelBytes(png) > 64, "the screenshot looks blank")
        let phone = try Chromium.widths(of: page, frameWidth: 375)
        #expect(phone.client > 0 && phone.scroll <= phone.client)
    }
}
