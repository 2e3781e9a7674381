import Foundation
import Testing

@Suite("bulletin subscribers")
struct SubscriberCommandTests {
    @Test func addShowUnsubscribeActivateRemove() throws {
        let site = try Site()
        #expect(
            try site.run(
                "subscribers", "add", "Aigerim@Example.KZ", "--name", "Aigerim", "--topics", "politics,economy",
                "--attribute", "city=Almaty"
            ).status == 0)
        let shown = try site.run("subscribers", "show", "aigerim@example.kz", "--json")
        #expect(shown.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["email"] as? String == "Aigerim@example.kz")
        #expect(json["topics"] as? [String] == ["politics", "economy"])
        #expect(json["attributes"] as? [String: String] == ["city": "Almaty"])

        #expect(try site.run("subscribers", "unsubscribe", "aigerim@example.kz", "--reason", "asked").status == 0)
        let refused = try site.run("subscribers", "activate", "aigerim@example.kz")
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("--force"))
        #expect(try site.run("subscribers", "activate", "aigerim@example.kz", "--force").status == 0)

        let noYes = try site.run("subscribers", "remove", "aigerim@example.kz")
        #expect(noYes.status == 64)
        #expect(try site.run("subscribers", "remove", "aigerim@example.kz", "--yes").status == 0)
        let gone = try site.run("subscribers", "show", "aigerim@example.kz")
        #expect(gone.status == 65)
        #expect(gone.stderr.contains("was removed"))
    }

    @Test func aBadAddressIsOneLineWithExit65() throws {
        let site = try Site()
        let result = try site.run("subscribers", "add", "ivan@localhost")
        #expect(result.status == 65)
        #expect(
            result.stderr
                == "bulletin: error: 'ivan@localhost' is not a usable email address: the domain has no dot (like example.org).\n"
        )
        let unknown = try site.run("subscribers", "unsubscribe", "nobody@example.org")
        #expect(unknown.status == 65)
    }

    @Test func importReportsInvalidRowsByLineAndExits65() throws {
        let site = try Site()
        let file = try site.write(
            "email,name,status\ngood@example.org,Good,\nbad-address,Bad,\nalso@example.org,Also,weird\n", to: "m.csv")
        let result = try site.run("subscribers", "import", file)
        #expect(result.status == 65)
        #expect(result.stderr.contains("line 3: 'bad-address'"))
        #expect(result.stderr.contains("line 4: unknown status 'weird'"))
        #expect(result.stdout.contains("1 added, 0 updated, 0 unchanged, 0 skipped, 2 invalid (3 rows)"))
        #expect(try site.run("subscribers", "show", "good@example.org").status == 0)
    }

    @Test func importFromStandardInputAndADryRun() throws {
        let site = try Site()
        let csv = "\u{FEFF}email,name\r\nx@example.org,X\r\ny@example.org,Y\r\n"
        let dry = try site.run("subscribers", "import", "-", "--dry-run", input: csv)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("nothing was written"))
        #expect(try site.run("subscribers", "list").stdout.isEmpty)
        #expect(try site.run("subscribers", "import", "-", input: csv).status == 0)
        #expect(try site.run("subscribers", "list").stdout.split(separator: "\n").count == 2)
    }

    /// The export's contract (its round trip is in SubscriberListingTests): --output writes the file, in the
    /// header import reads; --format json with --status.
    @Test func exportWritesTheFileOrJSON() throws {
        let site = try Site()
        let file = try site.write(
            "email,name,topics,status,city\na@example.org,\"Sadykova, Aigerim\",politics;economy,,Алматы\n"
                + "b@example.org,Boris,,unsubscribed,\n", to: "m.csv")
        #expect(try site.run("subscribers", "import", file).status == 0)
        #expect(try site.run("subscribers", "export", "--output", "out.csv").status == 0)
        let exported = try String(contentsOf: site.folder.appendingPathComponent("out.csv"), encoding: .utf8)
        #expect(exported.hasPrefix("email,name,status,topics,created_at,confirmed_at,unsubscribed_at,source,city\r\n"))
        #expect(try site.run("subscribers", "export").stdout == exported)

        let json = try site.run("subscribers", "export", "--format", "json", "--status", "unsubscribed")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["email"] as? String } == ["b@example.org"])
    }

    @Test func twoProcessesWritingAtOnceBothSucceed() throws {
        let site = try Site()
        var first = "email,name\n"
        var second = "email,name\n"
        for index in 0..<20_000 {
            first += "first\(index)@example.org,First \(index)\n"
            second += "second\(index)@example.org,Second \(index)\n"
        }
        let one = try site.write(first, to: "one.csv")
        let two = try site.write(second, to: "two.csv")
        let a = try site.runner.start(["subscribers", "import", one])
        let b = try site.runner.start(["subscribers", "import", two])
        let c = try site.runner.start(["subscribers", "add", "third@example.org"])
        a.waitUntilExit()
        b.waitUntilExit()
        c.waitUntilExit()
        #expect(a.terminationStatus == 0)
        #expect(b.terminationStatus == 0)
        #expect(c.terminationStatus == 0)
        let stats = try site.run("subscribers", "stats", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(json["total"] as? Int == 40_001)
    }

    @Test func listAndStatsForScripts() throws {
        let site = try Site()
        _ = try site.run("subscribers", "add", "b@example.org", "--name", "Boris")
        _ = try site.run("subscribers", "add", "a@example.org", "--pending")
        #expect(
            try site.run("subscribers", "list").stdout
                == "a@example.org\t\tpending\t\t\(today())\nb@example.org\tBoris\tactive\t\t\(today())\n")
        #expect(
            try site.run("subscribers", "list", "--status", "active", "--json").stdout.contains("\"b@example.org\""))
        #expect(try site.run("subscribers", "list", "--search", "BORIS").stdout.hasPrefix("b@example.org\t"))
        let stats = try site.run("subscribers", "stats")
        #expect(stats.stdout.contains("active"))
        #expect(stats.stdout.contains("Subscribers"))
    }

    func today() -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
