import BulletinApp
import BulletinCore
import BulletinStore
import Foundation
import Logging

@testable import BulletinWeb

/// A running `bulletin serve` inside the test process, on a free port of 127.0.0.1, over a fresh database;
/// confirmation messages go to a ``RecordingTransport``. Talk to it over real HTTP with ``client``.
final class WebFixture {
    let folder: URL
    let links: LinkSigner
    let transport = RecordingTransport()
    let clock = TestClock()
    /// A connection of the test's own, to seed and check the store.
    let store: SQLiteSubscriberStore
    let site: WebSite
    private(set) var client: HTTPClient
    private var task: Task<Void, any Error>?

    /// The settings tests use unless they change them.
    static func defaultSite() -> WebSite {
        WebSite(
            newsletterName: "Test Weekly", linkBaseURL: "https://news.example.org", publicAddress: "news@example.org",
            topics: ["Politics", "Economy", "Culture"], confirmValidity: 7 * 86_400, subscribeLimit: 1_000)
    }

    /// Starts a server.
    static func start(
        _ adjust: (inout WebSite) -> Void = { _ in }, templates: URL? = nil, reportsToken: String? = nil
    ) async throws -> WebFixture {
        var site = defaultSite()
        adjust(&site)
        let fixture = try WebFixture(site: site)
        try await fixture.run(templates: templates, reportsToken: reportsToken)
        return fixture
    }

    private init(site: WebSite) throws {
        self.site = site
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        links = try LinkSigner(secret: (0..<32).map { _ in UInt8.random(in: 0...255) })
        let path = folder.appendingPathComponent("bulletin.sqlite").path
        store = SQLiteSubscriberStore(database: try Database(path: path, mode: .create))
        client = HTTPClient(base: URL(fileURLWithPath: "/"))
    }

    var databasePath: String { folder.appendingPathComponent("bulletin.sqlite").path }

    private func run(templates folder: URL?, reportsToken: String?) async throws {
        let logger = Logger(label: "bulletin-web-tests") { _ in SwiftLogNoOpLogHandler() }
        let clock = self.clock
        let now: @Sendable () -> Date = { clock.now }
        let templates = try WebTemplates(overrides: folder)
        let desk = try SubscriptionDesk(
            databasePath: databasePath, busyTimeout: 5, links: links, confirmValidity: site.confirmValidity, now: now)
        let settings = MessageSettings(
            from: try Mailbox(parsing: "Test Weekly <news@example.org>"), listName: site.newsletterName,
            listID: "weekly.example.org", linkBaseURL: site.linkBaseURL,
            unsubscribeAddress: try EmailAddress("news@example.org"))
        let builder = try ConfirmationMessageBuilder(
            settings: settings, templates: templates, links: links, signers: [], confirmDays: 7)
        let mailer = ConfirmationMailer(builder: builder, transport: transport, logger: logger, now: now)
        let reports = try reportsToken.map {
            ReportRoutes(
                token: $0,
                desk: ReportDesk(
                    database: try Database(path: databasePath, mode: .existing), timeZone: .gmt, now: now))
        }
        let server = WebServer(
            site: site, templates: templates, desk: desk, mailer: mailer, logger: logger, now: now, reports: reports)
        let (ports, input) = AsyncStream.makeStream(of: Int.self)
        task = Task {
            defer { input.finish() }
            try await server.run(host: "127.0.0.1", port: 0) { input.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            _ = try await task?.value
            throw FixtureError.didNotStart
        }
        guard let base = URL(string: "http://127.0.0.1:\(port)") else { throw FixtureError.didNotStart }
        client = HTTPClient(base: base)
    }

    enum FixtureError: Error {
        case didNotStart
    }

    /// Stops the server and removes the folder.
    func stop() async {
        task?.cancel()
        _ = await task?.result
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: Seeding and checking

    /// Adds a subscriber.
    @discardableResult
    func add(
        _ email: String, status: SubscriberStatus = .active, name: String = "", topics: [String] = []
    )
        throws -> Subscriber
    {
        try store.add(
            email: EmailAddress(email), name: name, topics: topics, attributes: [:], status: status, source: "cli",
            at: clock.now)
    }

    /// A subscriber as stored now.
    func subscriber(_ email: String) throws -> Subscriber? {
        try store.subscriber(email: EmailAddress(email))
    }

    /// A subscriber's status changes (and preference changes), oldest first.
    func events(_ email: String) throws -> [SubscriberEvent] {
        guard let subscriber = try subscriber(email) else { return [] }
        return try store.events(subscriberID: subscriber.id)
    }

    /// A signed token for a subscriber.
    func token(_ purpose: LinkPurpose, _ subscriber: Subscriber, issue: String = "2026-W47") -> String {
        links.token(purpose, for: subscriber, issue: issue)
    }

    /// Puts a sent issue into the archive table, as `bulletin send` would.
    func addIssue(week: String, number: Int, subject: String, html: String, createdAt: Int64) throws {
        try store.database.run(
            """
            INSERT INTO issues (week, number, subject, text_part, html_part, articles, created_at, audience,
                completed_at)
            VALUES (?1, ?2, ?3, '', ?4, '[]', ?5, 10, ?5)
            """,
            [.text(week), .integer(Int64(number)), .text(subject), .text(html), .integer(createdAt)])
    }
}

/// Runs `body` against a fresh server and always stops it.
func withServer(
    _ adjust: (inout WebSite) -> Void = { _ in }, templates: URL? = nil, reportsToken: String? = nil,
    _ body: (WebFixture) async throws -> Void
) async throws {
    let fixture = try await WebFixture.start(adjust, templates: templates, reportsToken: reportsToken)
    do {
        try await body(fixture)
    } catch {
        await fixture.stop()
        throw error
    }
    await fixture.stop()
}
