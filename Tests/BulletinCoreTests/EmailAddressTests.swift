import Testing

@testable import BulletinCore

@Suite("Email addresses")
struct EmailAddressTests {
    /// Addresses that must be accepted, and how they are stored.
    static let good: [(String, String)] = [
        ("aigerim@example.kz", "aigerim@example.kz"),
        ("Aigerim.Sadykova@Example.KZ", "Aigerim.Sadykova@example.kz"),
        ("  padded@example.org  ", "padded@example.org"),
        ("first.last@sub.domain.example.com", "first.last@sub.domain.example.com"),
        ("user+newsletter@example.org", "user+newsletter@example.org"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("x@example.io", "x@example.io"),
        ("1234567890@example.com", "1234567890@example.com"),
        ("under_score@example.com", "under_score@example.com"),
        ("hy-phen@ex-ample.com", "hy-phen@ex-ample.com"),
        ("a!#$%&'*+-/=?^_`{|}~@example.org", "a!#$%&'*+-/=?^_`{|}~@example.org"),
        ("user@xn--80ak6aa92e.com", "user@xn--80ak6aa92e.com"),
        ("user@bücher.de", "user@xn--bcher-kva.de"),
        ("ivan@пример.рф", "ivan@xn--e1afmkfd.xn--p1ai"),
        ("ivan@ПРИМЕР.РФ", "ivan@xn--e1afmkfd.xn--p1ai"),
        ("nodira@münchen.example", "nodira@xn--mnchen-3ya.example"),
        ("user@123.example", "user@123.example"),
        ("user@example.co.uk", "user@example.co.uk"),
        ("a@b.co", "a@b.co"),
        (String(repeating: "a", count: 64) + "@example.org", String(repeating: "a", count: 64) + "@example.org"),
        ("tab\t@example.org".replacingOccurrences(of: "\t", with: ""), "tab@example.org"),
    ]

    /// Addresses that must be refused, with the rule they break.
    static let bad: [(String, EmailAddressError.Reason)] = [
        ("", .empty),
        ("   ", .empty),
        ("plainaddress", .missingAt),
        ("two@@example.org", .severalAts),
        ("a@b@example.org", .severalAts),
        ("@example.org", .emptyLocalPart),
        ("user@", .emptyDomain),
        ("user@localhost", .singleLabelDomain),
        ("user@example..org", .emptyLabel),
        ("user@.example.org", .emptyLabel),
        ("user@example.org.", .trailingDot),
        (".user@example.org", .misplacedDot),
        ("user.@example.org", .misplacedDot),
        ("us..er@example.org", .misplacedDot),
        ("us er@example.org", .whitespace),
        ("user@exa mple.org", .whitespace),
        ("user\n@example.org", .controlCharacter),
        ("user@example.org\r\nBcc: victim@example.com", .severalAts),
        ("user\r\n@example.org", .controlCharacter),
        ("\"quoted\"@example.org", .quotedLocalPart),
        ("пользователь@example.org", .nonASCIILocalPart),
        ("user@[192.168.0.1]", .addressLiteral),
        ("user@192.168.0.1", .numericTopLevelDomain),
        ("user@-example.org", .hyphenAtLabelEdge),
        ("user@example-.org", .hyphenAtLabelEdge),
        ("user@exam_ple.org", .invalidDomainCharacter),
        ("user@example.org!", .invalidDomainCharacter),
        ("user(comment)@example.org", .invalidLocalCharacter("(")),
        ("user,name@example.org", .invalidLocalCharacter(",")),
        ("user;x@example.org", .invalidLocalCharacter(";")),
        ("user@" + String(repeating: "a", count: 64) + ".org", .labelTooLong),
        (String(repeating: "a", count: 65) + "@example.org", .localPartTooLong),
        (
            "a@" + Array(repeating: String(repeating: "b", count: 60), count: 5).joined(separator: ".") + ".org",
            .tooLong
        ),
        ("user@exa☃mple.org", .invalidDomainCharacter),
        ("Name <user@example.org>", .whitespace),
    ]

    @Test(arguments: good)
    func acceptsAndNormalizes(input: String, stored: String) throws {
        let address = try EmailAddress(input)
        #expect(address.value == stored)
    }

    @Test(arguments: bad)
    func refusesWithTheRuleBroken(input: String, reason: EmailAddressError.Reason) {
        #expect(throws: EmailAddressError(address: input, reason: reason)) { try EmailAddress(input) }
    }

    @Test func tableHasAtLeastFortyAddresses() {
        #expect(Self.good.count + Self.bad.count >= 40)
    }

    @Test func aStoredAddressIsReadBackAsItWasValidated() throws {
        let validated = try EmailAddress("Ivan.Petrov@пример.рф")
        let stored = try EmailAddress(stored: validated.value)
        #expect(stored == validated)
        #expect(stored.localPart == "Ivan.Petrov")
        #expect(stored.domain == "xn--e1afmkfd.xn--p1ai")
        #expect(throws: EmailAddressError(address: "edited by hand", reason: .missingAt)) {
            try EmailAddress(stored: "edited by hand")
        }
    }

    @Test func keepsTheLocalPartAndLowercasesTheDomain() throws {
        let address = try EmailAddress("Ivan.Petrov@MAIL.Example.NET")
        #expect(address.localPart == "Ivan.Petrov")
        #expect(address.domain == "mail.example.net")
        #expect(address.uniqueKey == "ivan.petrov@mail.example.net")
    }

    @Test func errorMessageIsOneSentenceNamingTheAddress() {
        let error = EmailAddressError(address: "x@localhost", reason: .singleLabelDomain)
        #expect(
            error.description
                == "'x@localhost' is not a usable email address: the domain has no dot (like example.org).")
        #expect(!error.description.contains("\n"))
    }

    @Test(arguments: [
        ("bücher", "bcher-kva"), ("münchen", "mnchen-3ya"), ("пример", "e1afmkfd"), ("рф", "p1ai"),
        ("中国", "fiqs8s"), ("ελληνικά", "hxargifdar"),
    ])
    func encodesPunycodeAsRFC3492(label: String, encoded: String) {
        #expect(Punycode.encode(label) == encoded)
    }
}

@Suite("Mailboxes")
struct MailboxTests {
    @Test func readsNameAndAddress() throws {
        let mailbox = try Mailbox(parsing: "Eurasianet Weekly <News@Eurasianet.org>")
        #expect(mailbox.name == "Eurasianet Weekly")
        #expect(mailbox.address.value == "News@eurasianet.org")
    }

    @Test func readsQuotedNameAndBareAddress() throws {
        #expect(try Mailbox(parsing: "\"Weekly, \\\"Digest\\\"\" <a@example.org>").name == "Weekly, \"Digest\"")
        #expect(try Mailbox(parsing: "a@example.org").name == "")
    }
}
