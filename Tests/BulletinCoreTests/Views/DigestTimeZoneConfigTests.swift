import BulletinCore
import Foundation
import Testing

/// `[digest] timezone`.
@Suite struct DigestTimeZoneConfigTests {
    static let base = """
        [newsletter]
        name = "N"
        from = "n@example.org"
        site_url = "https://example.org"

        """

    @Test func defaultsToUTCAndReadsIANANames() throws {
        let file = URL(fileURLWithPath: "/tmp/bulletin.toml")
        #expect(
            try ConfigurationLoader.parse(Self.base, file: file, displayName: "b").digest.timeZone.secondsFromGMT() == 0
        )
        let berlin = try ConfigurationLoader.parse(
            Self.base + "[digest]\ntimezone = \"Europe/Berlin\"\n", file: file, displayName: "b")
        #expect(berlin.digest.timeZone.identifier == "Europe/Berlin")
    }

    @Test func rejectsUnknownZone() {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.parse(
                Self.base + "[digest]\ntimezone = \"Mars/Olympus\"\n", file: URL(fileURLWithPath: "/tmp/b.toml"),
                displayName: "b")
        }
    }
}
