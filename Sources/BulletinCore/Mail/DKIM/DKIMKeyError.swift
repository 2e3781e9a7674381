/// A DKIM private key that cannot be used: a configuration problem.
public enum DKIMKeyError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file does not exist or cannot be read.
    case unreadable(String, reason: String)
    /// The file is not a PEM private key of the configured algorithm.
    case notAKey(String, DKIMAlgorithm)
    /// An RSA key shorter than 1024 bits, which verifiers ignore.
    case tooWeak(String, bits: Int)
    /// Signing failed inside the crypto library.
    case signingFailed(String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "The DKIM private key \(file) cannot be read (\(reason))."
        case .notAKey(let file, let algorithm):
            return "\(file) is not a PEM \(algorithm.keyType) private key."
        case .tooWeak(let file, let bits):
            return "The RSA key \(file) has \(bits) bits; verifiers ignore keys under 1024 bits and RFC 8301 asks "
                + "for 2048."
        case .signingFailed(let detail):
            return "DKIM signing failed (\(detail))."
        }
    }
}
