import Foundation
import Testing

/// `bulletin subscribers import` of other tools' exports, each written as the tool writes it.
@Suite("bulletin subscribers import from other tools")
struct ForeignImportCommandTests {
    // Mailchimp's audience export (a ZIP of three CSV files, one per status). The columns and their order are
    // those of the files Mailchimp writes (`subscribed_members_export_<id>.csv`, `unsubscribed_…`, `cleaned_…`):
    // the merge fields, then MEMBER_RATING … REGION, then the status's own columns, then LEID, EUID, NOTES, TAGS.
    // Names with spaces and times are quoted, times are UTC `YYYY-MM-DD HH:MM:SS`, and TAGS holds each tag quoted
    // (`"Kazakhstan","Economy"`, so doubled quotes in the cell) or a single plain tag.
    static let mailchimpSubscribed = #"""
        "Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS
        aigerim@example.kz,Aigerim,Sadykova,4,"2024-01-10 08:00:00",,"2024-01-10 08:05:12",203.0.113.7,43.2380000,76.9450000,6,6,Asia/Almaty,KZ,ALA,"2024-03-01 12:00:00",123456789,a1b2c3d4e5,,"""Kazakhstan"",""Economy"""
        ivan@example.ru,Ivan,,2,"2024-02-01 09:00:00",,"2024-02-01 09:01:00",,,,,,,,,"2024-02-01 09:01:00",123456790,b2c3d4e5f6,,Economy

        """#

    static let mailchimpUnsubscribed = #"""
        "Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER,LEID,EUID,NOTES,TAGS
        aigerim@example.kz,Aigerim,Sadykova,4,"2024-01-10 08:00:00",,"2024-01-10 08:05:12",203.0.113.7,43.2380000,76.9450000,6,6,Asia/Almaty,KZ,ALA,"2024-05-06 07:08:09","Weekly #19",8a25ff1d98,"I no longer want to receive these emails",,123456789,a1b2c3d4e5,,"""Kazakhstan"",""Economy"""
        left@example.org,Lena,Left,1,"2023-11-01 10:00:00",,"2023-11-01 10:02:00",,,,,,,,,"2024-04-01 18:30:00",,,,"moved to another newsletter",123456791,c3d4e5f6a7,,

        """#

    static let mailchimpCleaned = #"""
        "Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID,LEID,EUID,NOTES,TAGS
        gone@example.org,Gone,,1,"2023-09-01 10:00:00",,"2023-09-01 10:01:00",,,,,,,,,"2024-02-02 03:04:05","Weekly #6",77aa88bb99,123456792,d4e5f6a7b8,,

        """#

    // listmonk's Subscribers → Export: Go's encoding/csv (quotes only where needed, doubled inside), the columns
    // of listmonk's export handler, attributes as a JSON object and the times as Go's Time.String() prints the
    // PostgreSQL timestamps (`2024-01-15 10:00:00.123456 +0000 +0000`).
    static let listmonk = #"""
        uuid,email,name,attributes,status,created_at,updated_at
        5e3b2f0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b,anna@example.org,Anna Berg,"{""city"": ""Bishkek"", ""topics"": [""Economy""]}",enabled,2024-01-15 10:00:00.123456 +0000 +0000,2024-01-15 10:00:00.123456 +0000 +0000
        6f4c3a1b-2d3e-4f50-9b0c-1d2e3f4a5b6c,blocked@example.org,Bo,{},blocklisted,2023-05-02 08:30:00 +0000 +0000,2024-06-01 12:00:00.5 +0000 +0000
        7a5d4b2c-3e4f-4061-8c1d-2e3f4a5b6c7d,off@example.org,,{},disabled,2023-06-02 08:30:00 +0000 +0000,2024-07-01 09:00:00 +0000 +0000

        """#

    // Substack's Settings → Exports: `email_list.<publication>.csv`, the columns its export writes (the same
    // that Ghost's Substack migrator reads), ISO 8601 times with milliseconds.
    static let substack = #"""
        email,active_subscription,expiry,plan,email_disabled,created_at,first_payment_at
        pia@example.com,false,,,false,2024-01-15T10:00:00.000Z,
        paid@example.com,true,2026-12-01T00:00:00.000Z,monthly,false,2024-02-01T10:00:00.000Z,2024-02-01T10:00:00.000Z
        quiet@example.com,false,,,true,2024-03-01T10:00:00.000Z,
        a1b2c3d4@deletion-request.substack.com,false,,,false,2023-03-01T10:00:00.000Z,

        """#

    // Buttondown's Subscribers → Export: one column per field of its subscriber object as its API documents it
    // (id, email, notes, metadata, tags, referrer_url, creation_date, secondary_id, subscriber_type, source,
    // utm_*), with the dashboard's unsubscription and undeliverability dates; ISO 8601 times. (The order of the
    // columns in Buttondown's file could not be checked against a real export; the import goes by their names.)
    static let buttondown = #"""
        id,email,notes,metadata,tags,referrer_url,creation_date,secondary_id,subscriber_type,source,utm_campaign,utm_medium,utm_source,unsubscription_date,undeliverability_date
        497f6eca-6276-4993-bfeb-53cbbbba6f08,reg@example.net,,{},"Economy,Kazakhstan",,2024-01-02T03:04:05.123456+00:00,3,regular,import,,,,,
        597f6eca-6276-4993-bfeb-53cbbbba6f09,unsub@example.net,asked twice,"{""plan"": ""free""}",,,2023-01-02T03:04:05Z,4,unsubscribed,form,,,,2024-08-09T10:11:12Z,
        697f6eca-6276-4993-bfeb-53cbbbba6f0a,removed@example.net,,{},,,2023-02-02T03:04:05Z,5,removed,api,,,,,
        797f6eca-6276-4993-bfeb-53cbbbba6f0b,bounce@example.net,,{},,,2023-03-02T03:04:05Z,6,undeliverable,import,,,,,2024-09-10T11:12:13Z
        897f6eca-6276-4993-bfeb-53cbbbba6f0c,new@example.net,,{},,,2024-10-02T03:04:05Z,7,unactivated,form,,,,,

        """#

    /// `subscribers show --json` of an address, parsed.
    static func show(_ site: Site, _ email: String) throws -> [String: Any] {
        let shown = try site.run("subscribers", "show", email, "--json")
        #expect(shown.status == 0, "\(shown.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    }

    /// The history entries of a shown subscriber.
    static func history(_ json: [String: Any]) -> [[String: Any]] {
        json["history"] as? [[String: Any]] ?? []
    }

    @Test func mailchimpsThreeFilesImportWithTheirStatusesTimesReasonsAndTags() throws {
        let site = try Site()
        let subscribed = try site.run(
            "subscribers", "import", try site.write(Self.mailchimpSubscribed, to: "subscribed_members_export.csv"))
        #expect(subscribed.status == 0, "\(subscribed.stderr)")
        #expect(subscribed.stderr.contains("read as a Mailchimp subscribed export"))
        let aigerim = try Self.show(site, "aigerim@example.kz")
        #expect(aigerim["status"] as? String == "active")
        #expect(aigerim["name"] as? String == "Aigerim Sadykova")
        #expect(aigerim["topics"] as? [String] == ["Kazakhstan", "Economy"])
        #expect(aigerim["created_at"] as? String == "2024-01-10T08:00:00Z")
        #expect(aigerim["confirmed_at"] as? String == "2024-01-10T08:05:12Z")
        // The columns that are no field of a subscriber stay attributes, as they were before Mailchimp's files
        // were recognized.
        let attributes = try #require(aigerim["attributes"] as? [String: String])
        #expect(attributes["First Name"] == "Aigerim" && attributes["MEMBER_RATING"] == "4")
        #expect(attributes["TAGS"] == nil && attributes["OPTIN_TIME"] == nil)
        #expect(try Self.show(site, "ivan@example.ru")["topics"] as? [String] == ["Economy"])

        let unsubscribed = try site.run(
            "subscribers", "import", try site.write(Self.mailchimpUnsubscribed, to: "unsubscribed_members_export.csv"))
        #expect(unsubscribed.status == 0, "\(unsubscribed.stderr)")
        #expect(unsubscribed.stderr.contains("read as a Mailchimp unsubscribed export"))
        #expect(unsubscribed.stdout.contains("1 added, 1 updated"))
        // The active subscriber of the first file leaves, at Mailchimp's time and for Mailchimp's reason.
        let left = try Self.show(site, "aigerim@example.kz")
        #expect(left["status"] as? String == "unsubscribed")
        #expect(left["unsubscribed_at"] as? String == "2024-05-06T07:08:09Z")
        let change = try #require(Self.history(left).last)
        #expect(change["at"] as? String == "2024-05-06T07:08:09Z")
        #expect(change["from"] as? String == "active")
        #expect(change["to"] as? String == "unsubscribed")
        #expect(
            change["reason"] as? String
                == "Mailchimp: unsubscribed (I no longer want to receive these emails) from Weekly #19")
        // Someone new in the unsubscribed file arrives unsubscribed, never active.
        let lena = try Self.show(site, "left@example.org")
        #expect(lena["status"] as? String == "unsubscribed")
        #expect(lena["name"] as? String == "Lena Left")
        #expect(lena["created_at"] as? String == "2023-11-01T10:00:00Z")
        #expect(Self.history(lena).last?["at"] as? String == "2024-04-01T18:30:00Z")
        #expect(
            Self.history(lena).last?["reason"] as? String == "Mailchimp: unsubscribed (moved to another newsletter)")

        let cleaned = try site.run(
            "subscribers", "import", try site.write(Self.mailchimpCleaned, to: "cleaned_members_export.csv"))
        #expect(cleaned.status == 0, "\(cleaned.stderr)")
        #expect(cleaned.stderr.contains("read as a Mailchimp cleaned export"))
        let gone = try Self.show(site, "gone@example.org")
        #expect(gone["status"] as? String == "bounced")
        #expect(Self.history(gone).last?["at"] as? String == "2024-02-02T03:04:05Z")
        #expect(Self.history(gone).last?["reason"] as? String == "Mailchimp: cleaned (undeliverable) after Weekly #6")
    }

    @Test func anUnsubscribedExportNeverReactivatesAndReimportingChangesNothing() throws {
        let site = try Site()
        let subscribedFile = try site.write(Self.mailchimpSubscribed, to: "subscribed.csv")
        let unsubscribedFile = try site.write(Self.mailchimpUnsubscribed, to: "unsubscribed.csv")
        #expect(try site.run("subscribers", "import", unsubscribedFile).status == 0)
        // With --resubscribe and --pending too: the file says they left.
        let again = try site.run("subscribers", "import", unsubscribedFile, "--resubscribe", "--pending")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 added, 0 updated, 2 unchanged"))
        let history = Self.history(try Self.show(site, "aigerim@example.kz"))
        #expect(history.count == 2)
        // The subscribed file, imported afterwards, does not bring them back either.
        let later = try site.run("subscribers", "import", subscribedFile)
        // (Aigerim's row brings the subscribed file's other columns, so she is updated: her status is not.)
        #expect(later.stdout.contains("1 added, 1 updated, 0 unchanged, 0 skipped"))
        #expect(try Self.show(site, "aigerim@example.kz")["status"] as? String == "unsubscribed")
        // An active subscriber of Bulletin's own is made unsubscribed by the file, with the history row.
        #expect(try site.run("subscribers", "add", "left2@example.org").status == 0)
        let own = try site.write(
            Self.mailchimpUnsubscribed.replacingOccurrences(of: "left@example.org", with: "left2@example.org"),
            to: "own.csv")
        #expect(try site.run("subscribers", "import", own).status == 0)
        let left2 = try Self.show(site, "left2@example.org")
        #expect(left2["status"] as? String == "unsubscribed")
        #expect(Self.history(left2).last?["from"] as? String == "active")
        #expect(try site.run("subscribers", "import", own).stdout.contains("0 added, 0 updated, 2 unchanged"))
    }

    @Test func listmonkSubstackAndButtondownExports() throws {
        let site = try Site()
        let listmonk = try site.run("subscribers", "import", try site.write(Self.listmonk, to: "subscribers.csv"))
        #expect(listmonk.status == 0, "\(listmonk.stderr)")
        #expect(listmonk.stderr.contains("read as a listmonk export"))
        let anna = try Self.show(site, "anna@example.org")
        #expect(anna["status"] as? String == "active")
        #expect(anna["name"] as? String == "Anna Berg")
        #expect(anna["topics"] as? [String] == ["Economy"])
        #expect(anna["attributes"] as? [String: String] == ["city": "Bishkek"])
        #expect(anna["created_at"] as? String == "2024-01-15T10:00:00Z")
        let blocked = try Self.show(site, "blocked@example.org")
        #expect(blocked["status"] as? String == "unsubscribed")
        #expect(Self.history(blocked).last?["reason"] as? String == "listmonk: blocklisted")
        #expect(Self.history(blocked).last?["at"] as? String == "2024-06-01T12:00:00Z")
        #expect(try Self.show(site, "off@example.org")["status"] as? String == "unsubscribed")

        let substack = try site.run(
            "subscribers", "import", try site.write(Self.substack, to: "email_list.weekly.csv"))
        #expect(substack.status == 0, "\(substack.stderr)")
        #expect(substack.stderr.contains("read as a Substack export"))
        #expect(substack.stdout.contains("3 added, 0 updated, 0 unchanged, 1 skipped"))
        #expect(
            substack.stderr.contains("line 5: a1b2c3d4@deletion-request.substack.com is a Substack deletion request"))
        #expect(try Self.show(site, "pia@example.com")["created_at"] as? String == "2024-01-15T10:00:00Z")
        #expect(
            try Self.show(site, "paid@example.com")["attributes"] as? [String: String] == [
                "paid": "true", "plan": "monthly",
            ])
        let quiet = try Self.show(site, "quiet@example.com")
        #expect(quiet["status"] as? String == "unsubscribed")
        #expect(Self.history(quiet).last?["reason"] as? String == "Substack: email disabled")

        let buttondown = try site.run(
            "subscribers", "import", try site.write(Self.buttondown, to: "buttondown-subscribers.csv"))
        #expect(buttondown.status == 0, "\(buttondown.stderr)")
        #expect(buttondown.stderr.contains("read as a Buttondown export"))
        let regular = try Self.show(site, "reg@example.net")
        #expect(regular["status"] as? String == "active")
        #expect(regular["topics"] as? [String] == ["Economy", "Kazakhstan"])
        #expect(regular["created_at"] as? String == "2024-01-02T03:04:05Z")
        let unsub = try Self.show(site, "unsub@example.net")
        #expect(unsub["status"] as? String == "unsubscribed")
        #expect(unsub["attributes"] as? [String: String] == ["notes": "asked twice", "plan": "free"])
        #expect(Self.history(unsub).last?["at"] as? String == "2024-08-09T10:11:12Z")
        #expect(try Self.show(site, "removed@example.net")["status"] as? String == "unsubscribed")
        let bounce = try Self.show(site, "bounce@example.net")
        #expect(bounce["status"] as? String == "bounced")
        #expect(Self.history(bounce).last?["at"] as? String == "2024-09-10T11:12:13Z")
        #expect(try Self.show(site, "new@example.net")["status"] as? String == "pending")

        // Each file again changes nothing.
        for (name, rows) in [("subscribers.csv", 3), ("email_list.weekly.csv", 3), ("buttondown-subscribers.csv", 5)] {
            let again = try site.run("subscribers", "import", site.folder.appendingPathComponent(name).path)
            #expect(again.stdout.contains("0 added, 0 updated, \(rows) unchanged"), "\(name): \(again.stdout)")
        }
    }

    @Test func fromForcesTheFormatAndAHeaderThatDoesNotFitIsOneLineWithExit65() throws {
        let site = try Site()
        let file = try site.write(Self.substack, to: "list.csv")
        let wrong = try site.run("subscribers", "import", file, "--from", "mailchimp")
        #expect(wrong.status == 65)
        #expect(wrong.stderr.split(separator: "\n").count == 1)
        #expect(wrong.stderr.contains("is not the header of a Mailchimp export"))
        let plain = try site.run(
            "subscribers", "import", try site.write("email,name\na@example.org,A\n", to: "plain.csv"), "--from",
            "listmonk")
        #expect(plain.status == 65)
        #expect(try site.run("subscribers", "list").stdout.contains("a@example.org") == false)
        let right = try site.run("subscribers", "import", file, "--from", "substack")
        #expect(right.status == 0)
        #expect(right.stderr.contains("read as a Substack export"))
        // Bulletin's own format says nothing of a tool.
        let own = try site.run("subscribers", "import", try site.write("email\nb@example.org\n", to: "own.csv"))
        #expect(!own.stderr.contains("read as"))
    }

    @Test func aTopicNotInTopicsIsKeptAndWarnedOnceAndStatsCountReadersPerTopic() throws {
        let site = try Site()
        let config = site.folder.appendingPathComponent("bulletin.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try
            (text + """

                [topics]
                kazakhstan = { label = "Kazakhstan", categories = ["Kazakhstan"] }
                economy = { label = "Economy & Business" }
                culture = { label = "Culture" }

                """).write(to: config, atomically: true, encoding: .utf8)
        let csv = "email,topics\na@example.org,economy;sports\nb@example.org,sports;chess\nc@example.org,sports\n"
        let result = try site.run("subscribers", "import", try site.write(csv, to: "t.csv"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "topic 'sports' is not in [topics]").count == 2)
        #expect(result.stderr.components(separatedBy: "topic 'chess' is not in [topics]").count == 2)
        #expect(try Self.show(site, "c@example.org")["topics"] as? [String] == ["sports"])

        let add = try site.run("subscribers", "add", "d@example.org", "--topics", "kazakhstan,poetry,poetry")
        #expect(add.status == 0)
        #expect(add.stderr.components(separatedBy: "topic 'poetry' is not in [topics]").count == 2)
        #expect(!add.stderr.contains("'kazakhstan'"))

        let stats = try site.run("subscribers", "stats")
        #expect(stats.status == 0, "\(stats.stderr)")
        let lines = stats.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "Readers per topic (active subscribers)"))
        let rows = lines[(start + 1)...].map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(
            Array(rows) == [
                "kazakhstan Kazakhstan 1", "economy Economy & Business 1", "culture Culture 0",
                "sports sports 3 not in [topics]", "chess chess 1 not in [topics]", "poetry poetry 1 not in [topics]",
            ])
        let json = try site.run("subscribers", "stats", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let topics = try #require(object["topics"] as? [[String: Any]])
        #expect(
            topics.map { $0["topic"] as? String } == ["kazakhstan", "economy", "culture", "sports", "chess", "poetry"])
        #expect(topics[2]["readers"] as? Int == 0)
        #expect(topics[3]["configured"] as? Bool == false)
    }
}
