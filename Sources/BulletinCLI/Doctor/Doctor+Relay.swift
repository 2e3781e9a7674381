import BulletinApp
import BulletinCore
import BulletinNet
import Foundation
import Logging

extension Doctor {
    /// The relay, through the same probe as `bulletin smtp check` (connect, EHLO, STARTTLS, AUTH), then a test
    /// MAIL FROM with the envelope sender and RSET.
    func relay(_ configuration: Configuration) -> [DoctorFinding] {
        let smtp = configuration.smtp
        let relay = smtp.url.absoluteString
        let password: String?
        do {
            // Read as every command reads it: through the environment's one reader.
            password = try AppEnvironment(
                configuration: configuration, configurationPath: configPath, processEnvironment: environment,
                now: { Date() }, logger: Logger(label: "bulletin")
            ).smtpPassword()
        } catch {
            return [.problem("relay", "\(error)", "Set the password the configuration names.")]
        }
        let sender = configuration.envelopeSender.value
        let report: SMTPProbe.Report
        do {
            report = try SMTPProbe.check(settings: smtp, password: password, sender: sender)
        } catch {
            return [
                .problem(
                    "relay", "\(relay): \(error)",
                    "`bulletin smtp check --verbose` shows every reply of the session.")
            ]
        }
        var findings: [DoctorFinding] = []
        guard let mailFrom = report.senderReply else {
            return [
                .problem(
                    "relay", "\(relay) answered the set-up but not a test MAIL FROM.",
                    "`bulletin smtp check --verbose` shows every reply of the session.")
            ]
        }
        guard mailFrom.code < 400 else {
            return [
                .problem(
                    "relay", "\(relay) refuses mail from <\(sender)>: MAIL FROM was answered \(mailFrom).",
                    "Allow this sender on the relay (or log in as a user who may use it), or set [smtp] "
                        + "envelope_from to an address it accepts.")
            ]
        }
        let tls =
            switch smtp.tls {
            case .starttls: "STARTTLS"
            case .implicit: "implicit TLS"
            case .none: "no TLS"
            }
        let login =
            smtp.username == nil ? "no login" : (report.authenticated ? "login accepted" : "login not used")
        findings.append(
            .ok(
                "relay",
                "\(relay) is ready (\(tls), \(login)); a test MAIL FROM:<\(sender)> was accepted "
                    + "(\(mailFrom.code)) and reset with RSET (\(report.resetReply.map { "\($0.code)" } ?? "none")); "
                    + "nothing was sent."))
        if let username = smtp.username, !report.authenticated {
            findings.append(
                .warning(
                    "relay", "\(relay) does not offer AUTH, so \(username) never logs in.",
                    "Check [smtp] url: a submission port (587) usually offers AUTH after STARTTLS."))
        }
        // What `smtp check` calls "not ready" beyond the sender (a relay that offers AUTH while no username is set).
        for problem in report.problems {
            findings.append(
                .problem(
                    "relay", problem.description,
                    problem.key.map { "Change [\($0.replacingOccurrences(of: ".", with: "] "))." }
                        ?? "`bulletin smtp check` says the same."))
        }
        return findings
    }
}
