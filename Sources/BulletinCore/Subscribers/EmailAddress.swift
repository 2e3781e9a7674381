import Foundation

/// A subscriber's address, validated and normalized: the domain lower-cased (and internationalized domains in
/// their Punycode form), the local part kept as given.
///
/// The rules are a practical subset of RFC 5321/5322's addr-spec, the one mail relays accept in practice:
/// exactly one `@`; a dot-atom local part of at most 64 octets of printable ASCII; a domain of at least two
/// dot-separated labels of letters, digits and hyphens; at most 254 octets in all. Quoted local parts, IP-address
/// literals and internationalized local parts (SMTPUTF8) are refused. A domain written in Unicode
/// (`пример.рф`, `bücher.de`) is accepted and stored as its ASCII form (`xn--e1afmkfd.xn--p1ai`), which every
/// relay understands.
///
/// - SeeAlso: RFC 5321 §4.5.3.1, RFC 5322 §3.4.1, RFC 3492, RFC 5891.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The normalized address, as stored and as mailed to.
    public let value: String

    /// The part before the `@`, as given.
    public var localPart: Substring { value[..<atIndex] }

    /// The domain, lower-cased ASCII.
    public var domain: Substring { value[value.index(after: atIndex)...] }

    private let atIndex: String.Index

    public var description: String { value }

    /// The key that makes two spellings of one address equal: the whole address lower-cased.
    public var uniqueKey: String { value.lowercased() }

    /// Validates and normalizes an address; surrounding whitespace is ignored.
    ///
    /// - Throws: ``EmailAddressError`` naming the rule the address breaks.
    public init(_ text: String) throws {
        var bytes = text
        let fast = bytes.withUTF8 { input -> (String, Int)? in
            guard let bounds = Self.asciiBounds(input) else { return nil }
            let value = String(unsafeUninitializedCapacity: bounds.end - bounds.start) { result in
                Self.writeNormalized(input, bounds, into: result)
            }
            return (value, bounds.at - bounds.start)
        }
        if let (value, at) = fast {
            self.value = value
            self.atIndex = value.utf8.index(value.utf8.startIndex, offsetBy: at)
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw EmailAddressError(address: text, reason: .empty) }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw EmailAddressError(address: text, reason: parts.count < 2 ? .missingAt : .severalAts)
        }
        let local = String(parts[0])
        try Self.validateLocalPart(local, address: text)
        let domain = try Self.normalizeDomain(String(parts[1]), address: text)
        let value = local + "@" + domain
        guard value.utf8.count <= 254 else { throw EmailAddressError(address: text, reason: .tooLong) }
        self.value = value
        self.atIndex = value.index(value.startIndex, offsetBy: local.count)
    }

    /// An address read back from where only validated addresses are written (the subscribers table): located,
    /// not validated again.
    ///
    /// - Throws: ``EmailAddressError`` (missing `@`) for text that was never an address, such as a row edited by
    ///   hand.
    public init(stored value: String) throws {
        guard let at = value.utf8.firstIndex(of: UInt8(ascii: "@")) else {
            throw EmailAddressError(address: value, reason: .missingAt)
        }
        self.value = value
        self.atIndex = at
    }

    /// An address already validated by ``asciiBounds(_:)`` and written by ``writeNormalized(_:_:into:at:)``.
    init(normalized value: String, atOffset: Int) {
        self.value = value
        self.atIndex = value.utf8.index(value.utf8.startIndex, offsetBy: atOffset)
    }

    /// Where the address lies in `input`, blanks around it left out, and where its `@` is.
    typealias Bounds = (start: Int, at: Int, end: Int)

    /// The common case, an ASCII address that is valid, checked byte by byte without Foundation and without
    /// making a string: an import validates a million of them.
    ///
    /// - Returns: the address's bounds, or nil when the address needs the full rules (it is not ASCII, or it is
    ///   invalid and the full rules will say why).
    static func asciiBounds(_ input: UnsafeBufferPointer<UInt8>) -> Bounds? {
        var start = 0
        var end = input.count
        while start < end, input[start] == 0x20 || input[start] == 0x09 { start += 1 }
        while end > start, input[end - 1] == 0x20 || input[end - 1] == 0x09 { end -= 1 }
        var at = -1
        for index in start..<end {
            let byte = input[index]
            if byte >= 0x80 { return nil }
            if byte == UInt8(ascii: "@") {
                if at >= 0 { return nil }
                at = index
            }
        }
        let localCount = at - start
        guard at > start, localCount <= 64, end - start <= 254, end - at - 1 <= 253 else { return nil }
        var previousWasDot = true
        for index in start..<at {
            let byte = input[index]
            if byte == UInt8(ascii: ".") {
                if previousWasDot { return nil }
                previousWasDot = true
            } else {
                guard atextTable[Int(byte)] else { return nil }
                previousWasDot = false
            }
        }
        guard !previousWasDot else { return nil }
        var labelLength = 0
        var labels = 0
        var labelAllDigits = true
        var previous = UInt8(ascii: ".")
        for index in (at + 1)..<end {
            var byte = input[index]
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return nil }
                labels += 1
                labelLength = 0
                labelAllDigits = true
            } else {
                if byte >= 65 && byte <= 90 { byte += 32 }
                let isDigit = byte >= 48 && byte <= 57
                guard (byte >= 97 && byte <= 122) || isDigit || byte == UInt8(ascii: "-") else { return nil }
                if byte == UInt8(ascii: "-"), labelLength == 0 { return nil }
                if !isDigit { labelAllDigits = false }
                labelLength += 1
                guard labelLength <= 63 else { return nil }
            }
            previous = byte
        }
        guard labelLength > 0, previous != UInt8(ascii: "-"), labels >= 1, !labelAllDigits else { return nil }
        return (start, at, end)
    }

    /// Writes the normalized form of an address that ``asciiBounds(_:)`` accepted: the local part as given, the
    /// domain lower-cased; `end - start` bytes.
    static func writeNormalized(
        _ input: UnsafeBufferPointer<UInt8>, _ bounds: Bounds, into output: UnsafeMutableBufferPointer<UInt8>,
        at offset: Int = 0
    ) -> Int {
        var count = 0
        for index in bounds.start..<bounds.end {
            var byte = input[index]
            if index > bounds.at, byte >= 65 && byte <= 90 { byte += 32 }
            output[offset + count] = byte
            count += 1
        }
        return count
    }

    private static let atextTable: [Bool] = (0..<256).map { atext.contains(UInt8($0)) }

    public static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.value < rhs.value }

    public static func == (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.value == rhs.value }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    // RFC 5322 atext, plus the dot of dot-atom.
    private static let atext: Set<UInt8> = Set(
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8))

    private static func validateLocalPart(_ local: String, address: String) throws {
        guard !local.isEmpty else { throw EmailAddressError(address: address, reason: .emptyLocalPart) }
        for scalar in local.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                throw EmailAddressError(address: address, reason: .controlCharacter)
            }
            if scalar.properties.isWhitespace { throw EmailAddressError(address: address, reason: .whitespace) }
            if scalar.value >= 0x80 { throw EmailAddressError(address: address, reason: .nonASCIILocalPart) }
        }
        guard local.utf8.count <= 64 else { throw EmailAddressError(address: address, reason: .localPartTooLong) }
        if local.hasPrefix("\"") { throw EmailAddressError(address: address, reason: .quotedLocalPart) }
        var previousWasDot = true
        for byte in local.utf8 {
            if byte == UInt8(ascii: ".") {
                if previousWasDot { throw EmailAddressError(address: address, reason: .misplacedDot) }
                previousWasDot = true
            } else if atext.contains(byte) {
                previousWasDot = false
            } else {
                throw EmailAddressError(
                    address: address, reason: .invalidLocalCharacter(Character(UnicodeScalar(byte))))
            }
        }
        if previousWasDot { throw EmailAddressError(address: address, reason: .misplacedDot) }
    }

    private static func normalizeDomain(_ domain: String, address: String) throws -> String {
        guard !domain.isEmpty else { throw EmailAddressError(address: address, reason: .emptyDomain) }
        for scalar in domain.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                throw EmailAddressError(address: address, reason: .controlCharacter)
            }
            if scalar.properties.isWhitespace { throw EmailAddressError(address: address, reason: .whitespace) }
        }
        if domain.hasPrefix("[") { throw EmailAddressError(address: address, reason: .addressLiteral) }
        if domain.hasSuffix("."), domain.count > 1 {
            throw EmailAddressError(address: address, reason: .trailingDot)
        }
        let labels = domain.precomposedStringWithCanonicalMapping.lowercased()
            .split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { throw EmailAddressError(address: address, reason: .singleLabelDomain) }
        var asciiLabels: [String] = []
        for label in labels { asciiLabels.append(try storedLabel(label, address: address)) }
        if let top = asciiLabels.last, top.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            throw EmailAddressError(address: address, reason: .numericTopLevelDomain)
        }
        let normalized = asciiLabels.joined(separator: ".")
        guard normalized.utf8.count <= 253 else { throw EmailAddressError(address: address, reason: .tooLong) }
        return normalized
    }

    /// One label of a domain already in NFC and lower case, in the form stored: as it is when ASCII, else its
    /// Punycode form (`bücher` → `xn--bcher-kva`).
    ///
    /// - Throws: ``EmailAddressError`` naming `address` and the rule the label breaks.
    public static func storedLabel(_ label: Substring, address: String) throws(EmailAddressError) -> String {
        func refuse(_ reason: EmailAddressError.Reason) -> EmailAddressError {
            EmailAddressError(address: address, reason: reason)
        }
        guard !label.isEmpty else { throw refuse(.emptyLabel) }
        var ascii = String(label)
        if label.unicodeScalars.contains(where: { $0.value >= 0x80 }) {
            guard
                label.unicodeScalars.allSatisfy({
                    $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-"
                }),
                let encoded = Punycode.encode(String(label))
            else { throw refuse(.invalidDomainCharacter) }
            ascii = "xn--" + encoded
        }
        guard ascii.utf8.count <= 63 else { throw refuse(.labelTooLong) }
        guard ascii.utf8.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }) else {
            throw refuse(.invalidDomainCharacter)
        }
        guard ascii.first != "-", ascii.last != "-" else { throw refuse(.hyphenAtLabelEdge) }
        return ascii
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
    }
}

/// An address that cannot be used, and why.
public struct EmailAddressError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The rule an address breaks.
    public enum Reason: Equatable, Sendable {
        case empty, missingAt, severalAts, emptyLocalPart, localPartTooLong, tooLong, whitespace, controlCharacter
        case nonASCIILocalPart, quotedLocalPart, misplacedDot, invalidLocalCharacter(Character)
        case emptyDomain, addressLiteral, singleLabelDomain, emptyLabel, labelTooLong, invalidDomainCharacter
        case hyphenAtLabelEdge, numericTopLevelDomain, trailingDot
    }

    /// The address as given.
    public let address: String
    /// The rule it breaks.
    public let reason: Reason

    /// The reason alone, as a phrase: "the domain has only one label".
    public var explanation: String {
        switch reason {
        case .empty: return "the address is empty"
        case .missingAt: return "it has no @"
        case .severalAts: return "it has more than one @"
        case .emptyLocalPart: return "nothing comes before the @"
        case .localPartTooLong: return "the part before the @ is longer than 64 characters"
        case .tooLong: return "it is longer than 254 characters"
        case .whitespace: return "it contains white space"
        case .controlCharacter: return "it contains a control character"
        case .nonASCIILocalPart:
            return "the part before the @ has non-ASCII letters, which most mail relays refuse; ask for another address"
        case .quotedLocalPart: return "quoted local parts are not supported"
        case .misplacedDot: return "a dot starts or ends the part before the @, or two dots stand together"
        case .invalidLocalCharacter(let character): return "the part before the @ contains '\(character)'"
        case .emptyDomain: return "nothing comes after the @"
        case .addressLiteral: return "IP-address domains are not supported"
        case .singleLabelDomain: return "the domain has no dot (like example.org)"
        case .emptyLabel: return "the domain has an empty part between dots"
        case .labelTooLong: return "a part of the domain is longer than 63 characters"
        case .invalidDomainCharacter: return "the domain may contain only letters, digits, hyphens and dots"
        case .hyphenAtLabelEdge: return "a part of the domain starts or ends with a hyphen"
        case .numericTopLevelDomain: return "the domain ends in a number, not a name"
        case .trailingDot: return "the domain ends with a dot; remove it"
        }
    }

    public var description: String {
        "'\(address)' is not a usable email address: \(explanation)."
    }
}
