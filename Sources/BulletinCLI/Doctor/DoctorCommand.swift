import ArgumentParser
import BulletinCore
import BulletinNet
import Foundation

/// `bulletin doctor`: checks a whole installation and says what to do about each problem.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the whole installation and say what to do about each problem.",
        discussion: """
            Checks, without changing anything: the configuration; file and folder permissions (the database and \
            its folder, the link secret, the DKIM keys, the SMTP password file: secrets must be mode 0600); that \
            the database opens, its schema version and a quick integrity check; the relay (connect, STARTTLS, \
            AUTH, as `bulletin smtp check`); that each DKIM key signs and that its selector's TXT record publishes \
            its public key (when the DNS cannot be reached it says "could not be resolved", which is not a \
            problem); the last send (incomplete, unknown and failed messages); and the free space beside the \
            database.

            Each finding is ok, note, warning or problem, with what to do. Exit status: 0 when there is no \
            problem (warnings and notes allowed), 1 when there is at least one.

            Examples:
              bulletin doctor
              bulletin doctor --json --config /srv/newsletter/bulletin.toml
            """
    )

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(
        name: .customLong("dns-server"),
        help: ArgumentHelp(
            "Ask this DNS server (IPv4 address[:port]) for the DKIM records instead of /etc/resolv.conf's, such as "
                + "your zone's authoritative server.", valueName: "address"))
    var dnsServer: String?

    func validate() throws {
        if let dnsServer, DNSServer(dnsServer) == nil {
            throw ValidationError("--dns-server '\(dnsServer)' is not an IPv4 address with an optional :port.")
        }
    }

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        _ = global.makeLogger()
        let doctor = Doctor(
            configPath: global.configPath, environment: ProcessInfo.processInfo.environment,
            lookupTXT: SystemTXTLookup.lookup(server: dnsServer.flatMap { DNSServer($0) }), now: try global.now())
        let findings = doctor.run()
        let problems = findings.filter { $0.status == .problem }.count
        let warnings = findings.filter { $0.status == .warning }.count
        let out = Terminal.standardOutput
        if json {
            out.line(
                try JSONOutput.string(
                    DoctorReport(healthy: problems == 0, problems: problems, warnings: warnings, findings: findings)))
        } else {
            for finding in findings {
                let label = finding.status == .problem ? "PROBLEM" : finding.status.rawValue
                out.line(
                    label.padding(toLength: 8, withPad: " ", startingAt: 0) + " "
                        + finding.check.padding(toLength: 13, withPad: " ", startingAt: 0) + " " + finding.message)
                if let advice = finding.advice, finding.status != .ok {
                    out.line(String(repeating: " ", count: 23) + "→ " + advice)
                }
            }
            out.line()
            out.line(
                problems == 0
                    ? "No problems" + (warnings > 0 ? "; \(warnings) warning\(warnings == 1 ? "" : "s")." : ".")
                    : "\(problems) problem\(problems == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s").")
        }
        if problems > 0 {
            out.flush()
            throw ExitCode(1)
        }
    }
}

/// `doctor --json`.
struct DoctorReport: Encodable {
    /// Whether no finding is a problem.
    var healthy: Bool
    /// How many findings are problems.
    var problems: Int
    /// How many are warnings.
    var warnings: Int
    /// Every finding, in the order of the checks.
    var findings: [DoctorFinding]
}
