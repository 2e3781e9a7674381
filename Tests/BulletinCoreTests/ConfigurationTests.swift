import Foundation
import Testing

@testable import BulletinCore

@Suite("Configuration")
struct ConfigurationTests {
    let file = URL(fileURLWithPath: "/srv/news/bulletin.toml")

    func parse(_ text: String) throws -> Configuration {
        try ConfigurationLoader.parse(text, file: file, displayName: "bulletin.toml")
    }

    func configurationError(_ text: String) -> ConfigurationError? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    static let minimal = """
        [newsletter]
        name = "Eurasia Weekly"
        from = "Eurasia Weekly <news@example.org>"
        site_url = "https://example.org"
        """

    @Test func theFileInitWritesParsesWithItsDefaults() throws {
        let text = ConfigurationTemplate.render(
            .init(name: "Weekly", from: "news@example.org", replyTo: "", siteURL: "https://example.org"))
        let configuration = try parse(text)
        #expect(configuration.newsletter.name == "Weekly")
        #expect(configuration.store.path.path == "/srv/news/Subscribers/bulletin.sqlite")
        #expect(configuration.links.secretFile.path == "/srv/news/bulletin.secret")
        #expect(configuration.store.busyTimeoutSeconds == 30)
        #expect(configuration.newsletter.replyTo == nil)
        #expect(configuration.send.haltWindow == 200)
        #expect(configuration.send.haltFailureRate == 0.2)
        #expect(text.contains("# halt_window = 200\n"))
        #expect(text.contains("# halt_failure_rate = 0.2\n"))
        #expect(configuration.bounces == nil)
        #expect(text.contains("# soft_limit = 3\n"))
    }

    @Test func theBounceAddressAndItsThresholdsAreRead() throws {
        let configuration = try parse(Self.minimal + "\n[bounces]\naddress = \"Bounces@Example.org\"\n")
        #expect(configuration.bounces?.address.value == "Bounces@example.org")
        #expect(configuration.bounces?.softLimit == 3)
        #expect(configuration.bounces?.windowDays == 30)
        let tuned = try parse(
            Self.minimal + "\n[bounces]\naddress = \"b@example.org\"\nsoft_limit = 5\nwindow_days = 14\n")
        #expect(tuned.bounces?.softLimit == 5)
        #expect(tuned.bounces?.windowDays == 14)
    }

    @Test func sendHaltKeysAreReadAndOneTurnsTheCheckOff() throws {
        let configuration = try parse(Self.minimal + "\n[send]\nhalt_window = 500\nhalt_failure_rate = 0.05\n")
        #expect(configuration.send.haltCheck == HaltCheck(window: 500, failureRate: 0.05))
        #expect(try parse(Self.minimal + "\n[send]\nhalt_failure_rate = 1\n").send.haltCheck == nil)
    }

    @Test func resolvesRelativePathsAgainstTheFilesFolder() throws {
        let configuration = try parse(Self.minimal + "\n[store]\npath = \"data/list.sqlite\"\n")
        #expect(configuration.store.path.path == "/srv/news/data/list.sqlite")
        let absolute = try parse(Self.minimal + "\n[store]\npath = \"/var/lib/bulletin.sqlite\"\n")
        #expect(absolute.store.path.path == "/var/lib/bulletin.sqlite")
    }

    @Test func sourcesKeepURLsAndResolvePathsAndGlobs() throws {
        let configuration = try parse(
            Self.minimal + "\n[sources]\nfeeds = [\"https://example.org/feed.xml\", \"feeds/local.xml\"]\n"
                + "logs = [\"/var/log/nginx/access.log*\"]\nanalytics = [\"exports/*.csv\"]\n")
        #expect(
            configuration.sources
                == Configuration.Sources(
                    feeds: ["https://example.org/feed.xml", "/srv/news/feeds/local.xml"],
                    logs: ["/var/log/nginx/access.log*"], analytics: ["/srv/news/exports/*.csv"]))
        #expect(try parse(Self.minimal).sources == nil)
    }

    @Test(arguments: [
        ("[newsletter]\nname = \"x\"\nsite_url = \"https://example.org\"\n", "newsletter.from"),
        (minimal.replacingOccurrences(of: "news@example.org", with: "news@localhost"), "newsletter.from"),
        (minimal.replacingOccurrences(of: "https://example.org", with: "example.org"), "newsletter.site_url"),
        (minimal + "\nnmae = \"typo\"\n", "newsletter.nmae"),
        (minimal + "\n[stroe]\npath = \"x\"\n", "[stroe]"),
        (minimal + "\n[store]\nbusy_timeout = -1\n", "store.busy_timeout"),
        (minimal + "\n[store]\nbusy_timeout = \"30\"\n", "store.busy_timeout"),
        (minimal + "\n[send]\nhalt_window = 10\n", "send.halt_window"),
        (minimal + "\n[send]\nhalt_failure_rate = 1.5\n", "send.halt_failure_rate"),
        (minimal + "\n[bounces]\nsoft_limit = 2\n", "bounces.address"),
        (minimal + "\n[bounces]\naddress = \"bounces+x@example.org\"\n", "bounces.address"),
        (minimal + "\n[bounces]\naddress = \"b@example.org\"\nwindow_days = 0\n", "bounces.window_days"),
        (minimal.replacingOccurrences(of: "name = \"Eurasia Weekly\"", with: "name = 42"), "newsletter.name"),
        (minimal + "\n[sources]\nfeeds = \"https://example.org/feed.xml\"\n", "sources.feeds"),
        (minimal + "\n[sources]\nlogs = [\"\"]\n", "sources.logs"),
        (minimal + "\n[sources]\nfeeds = [\"https://\"]\n", "sources.feeds"),
        (minimal + "\n[sources]\nfeed = [\"x.xml\"]\n", "sources.feed"),
    ])
    func namesTheKeyAtFault(text: String, key: String) throws {
        let error = try #require(configurationError(text))
        #expect(error.key == key)
        #expect(error.description.hasPrefix("bulletin.toml: \(key): "))
        #expect(!error.description.contains("\n"))
    }

    @Test func reportsTOMLSyntaxErrorsWithLineAndColumn() throws {
        let error = try #require(configurationError("[newsletter]\nname = \"unterminated\n"))
        #expect(error.description.contains("line 2"))
    }

    @Test func findsTheFileFromFlagThenEnvironmentThenCurrentFolder() {
        #expect(
            ConfigurationLoader.locate(explicitPath: "a.toml", environment: ["BULLETIN_CONFIG": "b.toml"]) == "a.toml")
        #expect(ConfigurationLoader.locate(explicitPath: nil, environment: ["BULLETIN_CONFIG": "b.toml"]) == "b.toml")
        #expect(ConfigurationLoader.locate(explicitPath: nil, environment: [:]) == "bulletin.toml")
    }

    @Test func aMissingFileSaysHowToMakeOne() {
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(path: "/nonexistent/bulletin.toml") }
    }

    @Test func bulletinNowOverridesTheClock() throws {
        #expect(
            try Clock.now(environment: ["BULLETIN_NOW": "2026-11-23T07:00:00+01:00"])
                == Timestamp.parse("2026-11-23T06:00:00Z"))
        #expect(throws: ClockError.self) { try Clock.now(environment: ["BULLETIN_NOW": "monday"]) }
    }

    @Test func theClockSourceReadsBulletinNowOnce() throws {
        let fixed = try Clock.source(environment: ["BULLETIN_NOW": "2026-11-23T07:00:00Z"])
        #expect(fixed() == Timestamp.parse("2026-11-23T07:00:00Z"))
        let system = try Clock.source(environment: [:])
        #expect(abs(system().timeIntervalSinceNow) < 60)
        #expect(throws: ClockError.self) { try Clock.source(environment: ["BULLETIN_NOW": "monday"]) }
    }
}

@Suite("Background producer")
struct BackgroundProducerTests {
    @Test func deliversEveryItemInOrder() throws {
        let producer = BackgroundProducer<Int>(batchSize: 7, capacity: 2) { emit in
            for number in 0..<10_000 { try emit(number) }
        }
        var received: [Int] = []
        while let next = try producer.next() { received.append(next) }
        #expect(received == Array(0..<10_000))
    }

    struct Boom: Error, Equatable {}

    @Test func rethrowsTheProducersErrorAfterTheItemsBeforeIt() throws {
        let producer = BackgroundProducer<Int>(batchSize: 4) { emit in
            for number in 0..<10 { try emit(number) }
            throw Boom()
        }
        var received: [Int] = []
        #expect(throws: Boom()) { while let next = try producer.next() { received.append(next) } }
        #expect(received == Array(0..<10))
    }

    @Test func forEachLendsEveryItemInOrderAndFreesThemAll() throws {
        final class Counted: Sendable {
            let number: Int
            init(_ number: Int) { self.number = number }
        }
        weak var last: Counted?
        let producer = BackgroundProducer<Counted>(batchSize: 5, capacity: 2) { emit in
            for number in 0..<1_000 { try emit(Counted(number)) }
        }
        var received: [Int] = []
        try producer.forEach { item in
            received.append(item.number)
            last = item
        }
        #expect(received == Array(0..<1_000))
        #expect(last == nil)
    }

    @Test func forEachRethrowsTheProducersErrorAfterTheItemsBeforeIt() throws {
        let producer = BackgroundProducer<String>(batchSize: 3) { emit in
            for number in 0..<10 { try emit("item \(number)") }
            throw Boom()
        }
        var received: [String] = []
        #expect(throws: Boom()) { try producer.forEach { received.append($0) } }
        #expect(received == (0..<10).map { "item \($0)" })
    }

    @Test func forEachStopsAtTheConsumersError() throws {
        let producer = BackgroundProducer<String>(batchSize: 4, capacity: 1) { emit in
            var number = 0
            while true {
                try emit("item \(number)")
                number += 1
            }
        }
        var received = 0
        #expect(throws: Boom()) {
            try producer.forEach { _ in
                received += 1
                if received == 10 { throw Boom() }
            }
        }
        producer.cancel()
        #expect(received == 10)
    }

    @Test func cancellingStopsTheProducer() throws {
        let producer = BackgroundProducer<Int>(batchSize: 1, capacity: 1) { emit in
            var number = 0
            while true {
                try emit(number)
                number += 1
            }
        }
        #expect(try producer.next() == 0)
        producer.cancel()
    }
}
