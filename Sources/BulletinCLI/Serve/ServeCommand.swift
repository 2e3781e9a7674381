import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinNet
import BulletinStore
import BulletinWeb
import Foundation

/// `bulletin serve`: the subscription pages and one-click unsubscribe, over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the subscribe, confirm, unsubscribe, preferences and archive pages.",
        discussion: """
            Runs an HTTP server for the site's TLS-terminating proxy to forward to: \
            POST /unsubscribe?token=… with the body List-Unsubscribe=One-Click unsubscribes at once (RFC 8058); \
            GET /unsubscribe?token=… only shows a page whose button posts, because mail scanners follow links. \
            POST /subscribe adds a pending subscriber and mails a confirmation link; the subscription starts when \
            its page's button is pressed. /preferences?token=… changes the name and topics; /archive lists the \
            sent issues. Every change is recorded in the subscriber's history with the source `web`.

            Settings come from the [web] section; --host and --port override it. Logs one line per request on \
            stderr. SIGTERM or SIGINT stops it gracefully: requests in flight finish and queued confirmation \
            messages are sent. A port already in use is an error (exit 69).

            EXAMPLES
              bulletin serve
              bulletin serve --host 127.0.0.1 --port 8081
            """
    )

    @Option(help: ArgumentHelp("The address to listen on (default: [web] host, else 127.0.0.1).", valueName: "host"))
    var host: String?

    @Option(
        help: ArgumentHelp(
            "The port to listen on; 0 picks a free one (default: [web] port, else 8080).", valueName: "port"))
    var port: Int?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be from 0 to 65535.") }
        if let host, host.isEmpty { throw ValidationError("--host cannot be empty.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let environment = try global.environment(logger: logger)
        let configuration = environment.configuration
        SecretFileCheck.warn(configuration, logger: logger)
        let links = try environment.linkSigner()
        let templates = try WebTemplates(overrides: configuration.web.templates)
        let site = WebSite(configuration: configuration)
        let desk = try SubscriptionDesk(environment: environment, confirmValidity: site.confirmValidity)
        let builder = try ConfirmationMessageBuilder(
            settings: MessageSettings(configuration: configuration), templates: templates, links: links,
            signers: try environment.dkimSigners(), confirmDays: configuration.web.confirmDays,
            envelopeSender: configuration.envelopeSender)
        let mailer = ConfirmationMailer(
            builder: builder, transport: try environment.transport(),
            logger: logger, now: environment.now)
        let reports = try configuration.web.reportsToken.map {
            ReportRoutes(token: $0, desk: try ReportDesk(environment: environment))
        }
        let server = WebServer(
            site: site, templates: templates, desk: desk, mailer: mailer, logger: logger, now: environment.now,
            reports: reports)
        let listenHost = host ?? configuration.web.host
        try await server.run(host: listenHost, port: port ?? configuration.web.port) { port in
            logger.info("listening on http://\(listenHost):\(port) for \(site.linkBaseURL)")
        }
        logger.info("stopped")
    }
}
