import ArgumentParser
import BulletinCore
import BulletinOpenSSL
import Foundation

/// `bulletin dkim check`.
struct DKIMCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Show what messages would be signed with, and check that every key signs.",
        discussion: """
            Reads the [dkim] section and every key file, signs a sample message with each key, and prints the \
            signing domain, each key (algorithm, size, selector, file), the DNS record each key needs, and the \
            header fields that are signed. A key that is missing, unreadable or of the wrong algorithm is an \
            error naming the file (exit 78). Without keys, messages go unsigned and this says so.

            It does not look up DNS: compare the printed records with `dig TXT <selector>._domainkey.<domain>`.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        _ = global.makeLogger()
        let configuration = try global.loadConfiguration()
        let out = Terminal.standardOutput
        guard let dkim = configuration.dkim else {
            out.line("DKIM is not configured: messages go unsigned. Set [dkim] selector and private_key in")
            out.line("\(global.configPath); `bulletin dkim keygen` makes a key.")
            return
        }
        // Signed as `send` signs: RSA through the system's OpenSSL.
        let signers = try dkim.signers().map { try $0.usingFastestSigning() }
        let sample = try DKIMSample(configuration: configuration, signers: signers, date: try global.now())
        let template = sample.template
        let signatureCount = sample.signatureCount

        out.line("Domain            \(dkim.domain)")
        out.line("Canonicalization  relaxed/relaxed")
        out.line("Signed headers    " + template.signedHeaders.joined(separator: ":"))
        out.line("Oversigned        " + template.oversignedHeaders.joined(separator: ":"))
        for (index, signer) in signers.enumerated() {
            out.line()
            out.line("Signature \(index + 1)       \(signer.key.algorithm.rawValue) (\(signer.key.summary))")
            out.line("  selector        \(signer.selector)")
            out.line("  key file        \(dkim.keys[index].privateKey.path)")
            out.line("  DNS record      \(signer.recordName) TXT")
            out.line("  record text     \(signer.key.dnsRecordText)")
        }
        out.line()
        out.line("A sample message was signed \(signatureCount == signers.count ? "with every key" : "incompletely").")
        if signers.count == 1 {
            out.line(
                "Tip: add a second key (second_selector, second_private_key) to double-sign with "
                    + (signers[0].key.algorithm == .rsaSHA256 ? "ed25519-sha256" : "rsa-sha256") + " (RFC 8463).")
        }
    }
}
