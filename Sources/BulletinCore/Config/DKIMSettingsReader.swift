import Foundation

/// Reads and checks `[dkim]`. The key files themselves are read by the commands that sign.
enum DKIMSettingsReader {
    /// The keys `[dkim]` knows.
    static let keys: Set<String> = [
        "domain", "selector", "private_key", "algorithm", "second_selector", "second_private_key",
        "second_algorithm",
    ]

    /// The `[dkim]` settings; nil when no key is configured.
    ///
    /// - Throws: ``ConfigurationError`` naming the key at fault.
    static func read(
        _ reader: ConfigurationReader, newsletter: Configuration.Newsletter
    ) throws
        -> Configuration.DKIM?
    {
        let domain = try reader.optionalString("dkim", "domain") ?? String(newsletter.from.address.domain)
        guard (try? EmailAddress("dkim@" + domain))?.domain == Substring(domain.lowercased()) else {
            throw ConfigurationError(
                file: reader.file, key: "dkim.domain", problem: "'\(domain)' is not a domain like example.org.")
        }
        var keys: [Configuration.DKIM.Key] = []
        if let first = try key(reader, prefix: "", defaultAlgorithm: .rsaSHA256) { keys.append(first) }
        if let second = try key(reader, prefix: "second_", defaultAlgorithm: .ed25519SHA256) {
            guard !keys.isEmpty else {
                throw ConfigurationError(
                    file: reader.file, key: "dkim.selector",
                    problem: "is missing; the second_ keys add a second signature to the first key's.")
            }
            guard second.selector != keys[0].selector else {
                throw ConfigurationError(
                    file: reader.file, key: "dkim.second_selector",
                    problem: "must differ from selector: each key needs its own DNS record.")
            }
            keys.append(second)
        }
        return keys.isEmpty ? nil : Configuration.DKIM(domain: domain.lowercased(), keys: keys)
    }

    private static func key(
        _ reader: ConfigurationReader, prefix: String, defaultAlgorithm: DKIMAlgorithm
    ) throws
        -> Configuration.DKIM.Key?
    {
        let selector = try reader.optionalString("dkim", prefix + "selector")
        let hasKey = reader.value("dkim", prefix + "private_key") != nil
        let algorithmText = try reader.optionalString("dkim", prefix + "algorithm")
        guard selector != nil || hasKey || algorithmText != nil else { return nil }
        guard let selector else {
            throw ConfigurationError(
                file: reader.file, key: "dkim.\(prefix)selector",
                problem: "is missing; name the key's DNS record, like \"bulletin\" for bulletin._domainkey.")
        }
        guard isSelector(selector) else {
            throw ConfigurationError(
                file: reader.file, key: "dkim.\(prefix)selector",
                problem: "'\(selector)' must be letters, digits, hyphens and dots, like \"bulletin2026\".")
        }
        guard hasKey else {
            throw ConfigurationError(
                file: reader.file, key: "dkim.\(prefix)private_key",
                problem: "is missing; give the file of a DKIM private key here.", remedy: .createDKIMKey)
        }
        let path = try reader.path("dkim", prefix + "private_key", default: "")
        var algorithm = defaultAlgorithm
        if let algorithmText {
            guard let known = DKIMAlgorithm(rawValue: algorithmText) else {
                throw ConfigurationError(
                    file: reader.file, key: "dkim.\(prefix)algorithm",
                    problem: "'\(algorithmText)' is not rsa-sha256 or ed25519-sha256.")
            }
            algorithm = known
        }
        return .init(selector: selector, privateKey: path, algorithm: algorithm)
    }

    private static func isSelector(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return text.utf8.count <= 63
            && labels.allSatisfy {
                !$0.isEmpty && $0.first != "-" && $0.last != "-"
                    && $0.unicodeScalars.allSatisfy(MailSettingsReader.isLabelScalar)
            }
    }
}
