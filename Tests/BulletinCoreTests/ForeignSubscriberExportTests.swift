import Foundation
import Testing

@testable import BulletinCore

/// Recognizing other tools' exports from their header, and reading their cells.
@Suite("Other tools' subscriber exports")
struct ForeignSubscriberExportTests {
    @Test func theHeaderNamesTheTool() {
        let mailchimp = ["Email Address", "First Name", "Last Name", "MEMBER_RATING", "OPTIN_TIME", "LEID", "TAGS"]
        #expect(ForeignSubscriberExport.recognize(mailchimp) == .mailchimp(.subscribed))
        #expect(ForeignSubscriberExport.recognize(mailchimp + ["UNSUB_TIME"]) == .mailchimp(.unsubscribed))
        #expect(ForeignSubscriberExport.recognize(mailchimp + ["CLEAN_TIME"]) == .mailchimp(.cleaned))
        #expect(
            ForeignSubscriberExport.recognize(["uuid", "email", "name", "attributes", "status", "created_at"])
                == .listmonk)
        #expect(ForeignSubscriberExport.recognize(["email", "name", "attributes"]) == .listmonk)
        #expect(ForeignSubscriberExport.recognize(["email", "active_subscription", "email_disabled"]) == .substack)
        #expect(
            ForeignSubscriberExport.recognize(["email", "tags", "creation_date", "subscriber_type"]) == .buttondown)
        // Bulletin's own format, and a bare address list, are nobody's export.
        #expect(
            ForeignSubscriberExport.recognize(SubscriberCSVFormat.exportHeader(attributeKeys: ["city"])) == nil)
        #expect(ForeignSubscriberExport.recognize(["Email Address", "First Name"]) == nil)
    }

    @Test func timesAsEachToolWritesThem() {
        let expected = Timestamp.parseSeconds("2024-01-15T10:00:00Z")
        for text in [
            "2024-01-15 10:00:00", "2024-01-15T10:00:00.000Z", "2024-01-15T10:00:00.123456+00:00",
            "2024-01-15 10:00:00.123456 +0000 +0000", "2024-01-15 10:00:00 +0000 UTC",
            "2024-01-15 16:00:00 +0600 +06",
        ] {
            #expect(ForeignSubscriberExport.parseTime(text) == expected, "\(text)")
        }
        #expect(ForeignSubscriberExport.parseTime("15/01/2024") == nil)
    }

    @Test func tagListsQuotedOrPlain() {
        #expect(ForeignSubscriberExport.quotedList(#""News","Economy""#) == ["News", "Economy"])
        #expect(
            ForeignSubscriberExport.quotedList(#""Central Asia, North","News""#) == ["Central Asia, North", "News"])
        #expect(ForeignSubscriberExport.quotedList("News") == ["News"])
        #expect(ForeignSubscriberExport.quotedList("News, Economy, News") == ["News", "Economy"])
        #expect(ForeignSubscriberExport.quotedList("").isEmpty)
        #expect(ForeignSubscriberExport.tagList(#"["economy", "kazakhstan"]"#) == ["economy", "kazakhstan"])
    }

    @Test func aForcedToolMustFitTheHeader() throws {
        #expect(throws: ForeignExportError.self) {
            try SubscriberCSVFormat(header: ["email", "name"], from: .mailchimp)
        }
        #expect(throws: ForeignExportError.self) {
            try SubscriberCSVFormat(header: ["email", "active_subscription"], from: .buttondown)
        }
        #expect(try SubscriberCSVFormat(header: ["email", "active_subscription"], from: .substack).foreign != nil)
        #expect(try SubscriberCSVFormat(header: ["email", "name"]).foreign == nil)
    }

    @Test func anUnknownStatusIsAnInvalidRow() throws {
        let format = try SubscriberCSVFormat(header: ["email", "name", "attributes", "status"])
        let row = format.record(from: ["a@example.org", "A", "{}", "paused"], line: 4)
        #expect(
            row
                == .failure(
                    InvalidRow(
                        line: 4, reason: "unknown listmonk status 'paused'; use enabled, disabled or blocklisted")))
        let bad = format.record(from: ["a@example.org", "A", "[1]", "enabled"], line: 5)
        #expect(bad == .failure(InvalidRow(line: 5, reason: "attributes '[1]' is not a JSON object")))
    }
}
