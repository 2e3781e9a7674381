import BulletinCore
import Foundation
import Testing

@testable import BulletinStore

@Suite("Subscriber search")
struct SubscriberSearchTests {
    /// A store with a few subscribers whose names and domains are not all ASCII.
    static func fixture() throws -> StoreFixture {
        let fixture = try StoreFixture()
        for (address, name) in [
            ("ivan@example.ru", "Иван Петров"),
            ("heidi@example.de", "Heidi Müller"),
            ("kunde@BÜCHER.de", "Kunde"),
            ("leser@bücherei.de", "Leser"),
            ("ivan.smith@example.org", "Ivan Smith"),
            ("rabatt@example.org", "50% Rabatt"),
            ("team@example.org", "Bär_Team"),
            ("baer@example.org", "Bärchen"),
            ("slash@example.org", "Back\\Slash"),
            ("zoe@example.org", "Zoe\u{308} Στέφανος"),
        ] {
            try fixture.store.add(
                email: try EmailAddress(address), name: name, topics: [], attributes: [:], status: .active,
                source: "cli", at: fixture.now)
        }
        return fixture
    }

    func search(_ text: String, in fixture: StoreFixture) throws -> [String] {
        try fixture.store.list(SubscriberFilter(search: text)).map(\.email)
    }

    @Test(arguments: [
        ("иван", ["ivan@example.ru"]),
        ("ИВАН", ["ivan@example.ru"]),
        ("иВАН пЕТРОВ", ["ivan@example.ru"]),
        ("MÜLLER", ["heidi@example.de"]),
        ("müller", ["heidi@example.de"]),
        ("heidi MÜLLER", ["heidi@example.de"]),
        ("Mu\u{308}ller", ["heidi@example.de"]),
        ("mueller", []),
        ("ZOË", ["zoe@example.org"]),
        ("ΣΤΈΦΑΝ", ["zoe@example.org"]),
    ])
    func findsNonASCIINamesInAnyCase(text: String, expected: [String]) throws {
        let fixture = try Self.fixture()
        #expect(try search(text, in: fixture) == expected)
        #expect(try fixture.store.count(SubscriberFilter(search: text)) == expected.count)
    }

    @Test(arguments: [
        ("bücher", ["kunde@xn--bcher-kva.de"]),
        ("BÜCHER", ["kunde@xn--bcher-kva.de"]),
        ("bücher.de", ["kunde@xn--bcher-kva.de"]),
        ("kunde@BÜCHER.de", ["kunde@xn--bcher-kva.de"]),
        ("bücherei", ["leser@xn--bcherei-n2a.de"]),
        // The Punycode form matches whole labels only.
        ("büch", []),
        ("xn--bcher", ["kunde@xn--bcher-kva.de", "leser@xn--bcherei-n2a.de"]),
    ])
    func findsAnInternationalizedDomainByItsUnicodeForm(text: String, expected: [String]) throws {
        #expect(try search(text, in: try Self.fixture()) == expected)
    }

    @Test(arguments: [
        ("%", ["rabatt@example.org"]),
        ("0% r", ["rabatt@example.org"]),
        ("_", ["team@example.org"]),
        ("är_", ["team@example.org"]),
        ("ä%", []),
        ("\\", ["slash@example.org"]),
        ("b_r", []),
    ])
    func takesWildcardsLiterally(text: String, expected: [String]) throws {
        #expect(try search(text, in: try Self.fixture()) == expected)
    }

    @Test func asciiSearchIsUnchanged() throws {
        let fixture = try Self.fixture()
        #expect(try search("IVAN", in: fixture) == ["ivan.smith@example.org", "ivan@example.ru"])
        #expect(try search("ivan s", in: fixture) == ["ivan.smith@example.org"])
        #expect(try search("EXAMPLE.DE", in: fixture) == ["heidi@example.de"])
        #expect(try search("xn--BCHER-kva", in: fixture) == ["kunde@xn--bcher-kva.de"])
        #expect(try search("", in: fixture).count == 10)
        // Diacritics are kept: folding is case only.
        #expect(try search("muller", in: fixture) == [])
    }

    @Test func aNonASCIISearchCombinesWithTheOtherFilters() throws {
        let fixture = try Self.fixture()
        try fixture.store.add(
            email: try EmailAddress("ivana@example.ru"), name: "Ивана", topics: [], attributes: ["city": "Москва"],
            status: .pending, source: "cli", at: fixture.now)
        #expect(
            try fixture.store.list(SubscriberFilter(status: .pending, search: "ИВАН")).map(\.email) == [
                "ivana@example.ru"
            ])
        #expect(try fixture.store.list(SubscriberFilter(search: "ИВАН", limit: 1)).map(\.email) == ["ivan@example.ru"])
        #expect(try fixture.store.count(SubscriberFilter(search: "ИВАН", limit: 1)) == 2)
        #expect(try fixture.store.attributeKeys(SubscriberFilter(search: "ИВАНА")) == ["city"])
    }

    @Test func theFoldFunctionIsOnEveryConnection() throws {
        let fixture = try Self.fixture()
        let database = try Database(path: fixture.path, mode: .existing)
        #expect(
            try database.query("SELECT bulletin_fold('ÄÖÜ Straße ИВАН ABC')") { try $0.string(0) } == [
                "äöü straße иван abc"
            ])
        #expect(try database.query("SELECT bulletin_fold(NULL) IS NULL") { $0.int64(0) } == [1])
        #expect(try database.query("SELECT bulletin_fold(42)") { try $0.string(0) } == ["42"])
        #expect(try database.query("SELECT bulletin_fold('')") { try $0.string(0) } == [""])
    }

    @Test(arguments: [
        ("bücher", "xn--bcher-kva"),
        ("kunde@BÜCHER.de", "kunde@xn--bcher-kva.de"),
        ("Пример.РФ", "xn--e1afmkfd.xn--p1ai"),
        (".bücher.", ".xn--bcher-kva."),
    ])
    func writesNonASCIILabelsInPunycode(text: String, expected: String) {
        #expect(SubscriberSearch.asciiDomainForm(of: text) == expected)
    }

    @Test(arguments: ["Heidi Müller", "50% Bär", "ivan", "ü!"])
    func hasNoDomainFormWhenNoLabelCouldBeInADomain(text: String) {
        #expect(SubscriberSearch.asciiDomainForm(of: text) == nil)
    }
}
