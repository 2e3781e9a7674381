import ArgumentParser
import BulletinCore
import Foundation

/// `bulletin dkim keygen`.
struct DKIMKeygen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a DKIM private key and print the DNS record to publish.",
        discussion: """
            Writes a new private key as PEM (PKCS #8) to FILE, readable by its owner only (mode 0600); an \
            existing file is never overwritten (exit 73). rsa-sha256 keys have 2048 bits (RFC 8301); \
            ed25519-sha256 keys are 32 bytes (RFC 8463).

            Then prints the TXT record to publish at <selector>._domainkey.<domain>, as a zone-file line, and \
            the [dkim] lines for bulletin.toml. The domain is --domain, else [dkim] domain or the domain of \
            [newsletter] from when a configuration is found.

            EXAMPLES
              bulletin dkim keygen --selector bulletin2026 --algorithm rsa-sha256
              bulletin dkim keygen --selector bulletin2026e --algorithm ed25519-sha256 --output dkim/ed.pem
            """
    )

    @Option(
        help: ArgumentHelp("The selector: the key's DNS name is <selector>._domainkey.<domain>.", valueName: "name"))
    var selector: String

    @Option(help: ArgumentHelp("rsa-sha256 or ed25519-sha256.", valueName: "algorithm"))
    var algorithm: DKIMAlgorithm = .rsaSHA256

    @Option(help: ArgumentHelp("The private key file (default: dkim/<selector>.pem).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("The signing domain, for the record's name.", valueName: "domain"))
    var domain: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        let labels = selector.split(separator: ".", omittingEmptySubsequences: false)
        guard !selector.isEmpty, selector.utf8.count <= 63,
            labels.allSatisfy({ label in
                !label.isEmpty
                    && label.utf8.allSatisfy { $0 == 45 || (48...57).contains($0) || (97...122).contains($0 | 0x20) }
            })
        else { throw ValidationError("--selector '\(selector)' must be letters, digits, hyphens and dots.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let path = output ?? "dkim/\(selector).pem"
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let key = try DKIMPrivateKey.generate(algorithm)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try PrivateFile.create(at: url, contents: key.pemRepresentation)

        var signingDomain = domain
        if signingDomain == nil {
            do {
                let configuration = try global.loadConfiguration()
                signingDomain = configuration.dkim?.domain ?? String(configuration.newsletter.from.address.domain)
            } catch {
                logger.debug("no configuration for the domain: \(error)")
            }
        }
        let out = Terminal.standardOutput
        out.line("Wrote \(path) (\(key.summary), mode 0600). Keep it private.")
        out.line()
        if let signingDomain {
            out.line("Publish this TXT record in the DNS zone of \(signingDomain):")
            out.line()
            out.line(key.zoneFileRecord(selector: selector, domain: signingDomain))
        } else {
            out.line("Publish a TXT record named \(selector)._domainkey.<your domain> with this text:")
            out.line()
            out.line(key.dnsRecordText)
        }
        out.line()
        out.line("Then put the key in bulletin.toml (or use the second_ keys to double-sign):")
        out.line()
        out.line("[dkim]")
        out.line("selector = \"\(selector)\"")
        out.line("private_key = \"\(path)\"")
        out.line("algorithm = \"\(algorithm.rawValue)\"")
    }
}
