import ArgumentParser
import BulletinCore

/// `bulletin dkim`: keys for DKIM signatures.
struct DKIMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim",
        abstract: "Make DKIM keys and check the signing configuration.",
        discussion: """
            Bulletin signs every message with the keys in the [dkim] section of the configuration: rsa-sha256 \
            (RFC 6376), ed25519-sha256 (RFC 8463), or both at once (double signing, which RFC 8463 advises: \
            verifiers that do not know Ed25519 still find the RSA signature). Canonicalization is \
            relaxed/relaxed.

            The usual steps: `bulletin dkim keygen` for each key; publish the TXT records it prints in the \
            DNS zone of the signing domain; add the keys to [dkim]; run `bulletin dkim check`.
            """,
        subcommands: [DKIMKeygen.self, DKIMCheck.self]
    )
}

extension DKIMAlgorithm: ExpressibleByArgument {
    /// Reads `rsa-sha256` or `ed25519-sha256`.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
