import ArgumentParser
import BulletinApp
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

            Then it tries the envelope sender ([smtp] envelope_from, else [newsletter] from) with a test MAIL \
            FROM, taken back at once with RSET. The relay is not ready when it refuses that sender (it wants a \
            login, STARTTLS, or an address this account may send as), or when it offers AUTH while no [smtp] \
            username is set.

            Exit status: 0 when the relay is ready; 69 when it cannot be reached or turns the session or the \
            sender away for now (421, 4xx); 78 when the configuration must change: TLS or the certificate fails, \
            the login is refused, the sender is refused (530, 553, 554), or AUTH is offered without a username.

            Examples:
              bulletin smtp check
              BULLETIN_SMTP_PASSWORD=… bulletin smtp check --config /srv/news/bulletin.toml
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let environment = try global.environment(logger: logger)
        let configuration = environment.configuration
        let smtp = configuration.smtp
        let password = try environment.smtpPassword()
        logger.debug("connecting to \(smtp.host):\(smtp.port) (tls \(smtp.tls.rawValue))")
        let sender = configuration.envelopeSender.value
        let report = try SMTPProbe.check(settings: smtp, password: password, sender: sender)
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
        out.line("Sender:     <\(sender)>, " + (report.senderReply.map { "MAIL FROM answered \($0)" } ?? "no answer"))
        if let problem = report.problems.first {
            out.line("The relay is not ready; nothing was sent.")
            throw RelayNotReady(problem: problem)
        }
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

/// `smtp check` found something that would stop a send.
struct RelayNotReady: BulletinError {
    /// The first problem.
    let problem: SMTPProbe.Problem

    var exitStatus: ExitStatus { problem.exitStatus }

    var description: String { problem.description }
}
