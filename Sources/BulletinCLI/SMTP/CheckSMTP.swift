import ArgumentParser
import BulletinCore
import BulletinNet
import Foundation

/// `bulletin smtp check`.
struct CheckSMTP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Connect to the relay, log in, and report what it offers, without sending anything.",
        discussion: """
            Does what delivery does before the first message: connects to [smtp] url, reads the greeting, \
            sends EHLO with [smtp] ehlo_name, upgrades with STARTTLS (tls = "starttls", verifying the \
            certificate against ca_file or the system's trust store), sends EHLO again and logs in with \
            username and the password from password_env or password_file. Then it prints the greeting, the \
            extensions the server offers (AUTH mechanisms, SIZE, 8BITMIME, …) and ends the session with QUIT.

            With --verbose, every reply of the session is logged on stderr. The password is never printed.

            Exit status: 0 when the relay is ready; 69 when it cannot be reached or TLS fails; 75 when it turns \
            the session away for now (4xx); 78 when the configuration is wrong or the login is refused.

            Examples:
              bulletin smtp check
              BULLETIN_SMTP_PASSWORD=… bulletin smtp check --config /srv/news/bulletin.toml
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let configuration = try global.loadConfiguration()
        let smtp = configuration.smtp
        let password = try smtp.password(
            environment: ProcessInfo.processInfo.environment, configurationFile: global.configPath)
        logger.debug("connecting to \(smtp.host):\(smtp.port) (tls \(smtp.tls.rawValue))")
        let report = try SMTPProbe.check(settings: smtp, password: password)
        for reply in report.replies { logger.debug("S: \(reply)") }
        let out = Terminal.standardOutput
        out.line("Relay:      \(smtp.url.absoluteString) (\(tlsSummary(smtp, report)))")
        out.line("Greeting:   \(report.greeting?.description ?? "none")")
        out.line("EHLO name:  \(smtp.ehloName)")
        out.line("Login:      " + loginSummary(smtp, report))
        out.line(
            "AUTH:       "
                + (report.authMechanisms.isEmpty ? "not offered" : report.authMechanisms.joined(separator: " ")))
        out.line("Max size:   " + (report.maximumSize.map { "\($0) bytes" } ?? "not announced"))
        out.line("Extensions: " + (report.extensions.isEmpty ? "none" : report.extensions.joined(separator: ", ")))
        out.line("The relay is ready; nothing was sent.")
    }

    private func loginSummary(_ smtp: Configuration.SMTP, _ report: SMTPProbe.Report) -> String {
        guard let username = smtp.username else { return "none configured" }
        // libcurl skips AUTH when the server does not offer it, rather than failing.
        return report.authenticated ? "\(username), accepted" : "\(username), not used: the server does not offer AUTH"
    }

    private func tlsSummary(_ smtp: Configuration.SMTP, _ report: SMTPProbe.Report) -> String {
        switch smtp.tls {
        case .starttls: "STARTTLS, certificate verified"
        case .implicit: "implicit TLS, certificate verified"
        case .none: report.offersStartTLS ? "no TLS, although STARTTLS is offered" : "no TLS"
        }
    }
}
