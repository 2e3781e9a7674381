import BulletinApp
import BulletinCore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// `bulletin serve`: the subscription pages and the one-click unsubscribe endpoint, over HTTP/1.1 behind the
/// site's TLS-terminating proxy.
///
/// Built on Hummingbird 2. The confirmation mailer runs beside the HTTP server in one service group, so a
/// SIGTERM stops both gracefully: the server finishes the requests in flight and the mailer sends what is queued.
public struct WebServer: Sendable {
    private let routes: WebRoutes
    private let reports: ReportRoutes?
    private let pages: WebPages
    private let mailer: ConfirmationMailer
    private let logger: Logger

    /// Puts the parts together.
    ///
    /// - Parameters:
    ///   - now: the clock (tests move it to expire links).
    ///   - reports: `/reports/<week>` behind `[web] reports_token`; nil: no such route.
    public init(
        site: WebSite, templates: WebTemplates, desk: SubscriptionDesk, mailer: ConfirmationMailer, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }, reports: ReportRoutes? = nil
    ) {
        self.reports = reports
        pages = WebPages(templates: templates, site: site)
        self.mailer = mailer
        self.logger = logger
        routes = WebRoutes(
            desk: desk, pages: pages, limiter: SubscribeRateLimiter(limit: site.subscribeLimit),
            sendConfirmation: { [mailer] in mailer.enqueue($0) }, logger: logger, now: now)
    }

    /// Listens on `host:port` (port 0 picks a free one) until SIGTERM or SIGINT arrives or the task is
    /// cancelled, then shuts down gracefully.
    ///
    /// - Parameter onListening: called with the port once the server accepts connections.
    /// - Throws: ``WebServerError/cannotListen(host:port:reason:)`` when the address cannot be bound.
    public func run(
        host: String, port: Int, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let router = Router(context: WebRequestContext.self)
        router.add(middleware: RequestLogMiddleware(pages: pages, logger: logger))
        routes.register(on: router)
        reports?.register(on: router, pages: pages)
        let listening = Mutex(false)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            services: [mailer],
            onServerRunning: { channel in
                listening.withLock { $0 = true }
                await onListening(channel.localAddress?.port ?? port)
            },
            logger: logger)
        do {
            try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            guard listening.withLock({ $0 }) else {
                throw WebServerError.cannotListen(host: host, port: port, reason: Self.reason(error))
            }
            throw error
        }
    }

    /// A short reason for a bind failure, like `address already in use`.
    private static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("Address already in use") { return "the address is already in use" }
        if text.contains("Permission denied") { return "permission denied; ports below 1024 need privileges" }
        if text.contains("Cannot assign requested address") { return "no such address on this machine" }
        return text
    }
}
