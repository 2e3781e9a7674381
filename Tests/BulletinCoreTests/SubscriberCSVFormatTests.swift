import Testing

@testable import BulletinCore

@Suite("The subscribers CSV format")
struct SubscriberCSVFormatTests {
    @Test func mapsKnownColumnsInAnyOrderAndCaseAndTheRestToAttributes() throws {
        let format = try SubscriberCSVFormat(header: ["City", " EMAIL ", "Name", "topics", "status", "plan"])
        let record = try format.record(
            from: ["Almaty", "aigerim@example.kz", "Aigerim  Sadykova", "politics; economy;;politics", "Pending", ""],
            line: 2
        ).get()
        #expect(record.email.value == "aigerim@example.kz")
        #expect(record.name == "Aigerim Sadykova")
        #expect(record.status == .pending)
        #expect(record.topics == ["politics", "economy"])
        #expect(record.attributes == [Attribute(key: "City", value: "Almaty")])
        #expect(record.line == 2)
    }

    @Test func blankCellsLeaveFieldsUnset() throws {
        let format = try SubscriberCSVFormat(header: ["email", "name", "status", "topics"])
        let record = try format.record(from: ["x@example.org", "", " ", ""], line: 2).get()
        #expect(record.name == nil)
        #expect(record.status == nil)
        #expect(record.topics == nil)
    }

    @Test(arguments: [
        (["email", "name"], ["x@example.org"], "has 1 fields; the header has 2"),
        (["email"], ["not-an-address"], "'not-an-address': it has no @"),
        (["email"], [""], "the email cell is empty"),
        (
            ["email", "status"], ["x@example.org", "subscribed"],
            "unknown status 'subscribed'; use one of pending, active, unsubscribed, bounced, complained"
        ),
        (
            ["email", "created_at"], ["x@example.org", "yesterday"],
            "created_at 'yesterday' is not a date like 2026-11-29T07:00:00Z"
        ),
    ])
    func reportsInvalidRowsWithTheReason(header: [String], fields: [String], reason: String) throws {
        let format = try SubscriberCSVFormat(header: header)
        #expect(format.record(from: fields, line: 7) == .failure(InvalidRow(line: 7, reason: reason)))
    }

    @Test func readsOtherToolsExportsAsTheyCome() throws {
        let mailchimp = try SubscriberCSVFormat(
            header: ["Email Address", "First Name", "Last Name", "MEMBER_RATING", "", ""])
        let record = try mailchimp.record(
            from: ["olga@example.org", "Olga", " Petrova", "2", "", ""], line: 2
        ).get()
        #expect(record.email.value == "olga@example.org")
        #expect(record.name == "Olga Petrova")
        #expect(record.attributes.map(\.key) == ["First Name", "Last Name", "MEMBER_RATING"])
        #expect(try mailchimp.record(from: ["a@example.org", "", "", ""], line: 3).get().name == nil)

        // With an `email` and a `name` column, the others are attributes like any.
        let both = try SubscriberCSVFormat(header: ["email", "E-mail", "name", "first_name"])
        let kept = try both.record(from: ["a@example.org", "b@example.org", "Anna", "Ann"], line: 2).get()
        #expect(kept.email.value == "a@example.org")
        #expect(kept.name == "Anna")
        #expect(
            kept.attributes == [
                Attribute(key: "E-mail", value: "b@example.org"), Attribute(key: "first_name", value: "Ann"),
            ])
        #expect(
            try SubscriberCSVFormat(header: ["Full Name", "email_address"]).record(
                from: ["Nino Beridze", "nino@example.ge"], line: 2
            ).get().name == "Nino Beridze")
    }

    @Test func emptyCellsBeyondTheHeaderAreIgnoredOthersAreNot() throws {
        let format = try SubscriberCSVFormat(header: ["email", "name", "", ""])
        #expect(format.columnCount == 2)
        #expect(try format.record(from: ["a@example.org", "Anna", "", ""], line: 2).get().name == "Anna")
        #expect(try format.record(from: ["a@example.org", "", ""], line: 2).get().name == nil)
        #expect(
            format.record(from: ["a@example.org", "Anna", "", "Smith"], line: 4)
                == .failure(InvalidRow(line: 4, reason: "has 4 fields; the header has 2")))
        #expect(throws: SubscriberCSVHeaderError.unnamedColumn(2)) {
            try SubscriberCSVFormat(header: ["email", "", "x"])
        }
        #expect(throws: SubscriberCSVHeaderError.json) {
            try SubscriberCSVFormat(header: ["[", "{\"email\":\"a@example.org\""])
        }
    }

    @Test func refusesHeadersItCannotUse() {
        #expect(throws: SubscriberCSVHeaderError.self) { try SubscriberCSVFormat(header: ["name", "city"]) }
        #expect(throws: SubscriberCSVHeaderError.repeatedColumn("Email")) {
            try SubscriberCSVFormat(header: ["email", "Email"])
        }
        #expect(throws: SubscriberCSVHeaderError.unnamedColumn(2)) {
            try SubscriberCSVFormat(header: ["email", " ", "city"])
        }
    }

    @Test func readsTimestampsForNewSubscribers() throws {
        let format = try SubscriberCSVFormat(header: ["email", "created_at", "confirmed_at"])
        let record = try format.record(
            from: ["x@example.org", "2026-11-02T08:30:00Z", "2026-11-02T10:30:00+01:00"], line: 2
        ).get()
        #expect(record.createdAt.map(Timestamp.format) == "2026-11-02T08:30:00Z")
        #expect(record.confirmedAt.map(Timestamp.format) == "2026-11-02T09:30:00Z")
    }

    @Test(arguments: [
        ["x@Example.ORG", "Anna", "active", "a;b", "Tbilisi", "say \"hi\"\n\u{1}", ""],
        [" y@bücher.de ", "  Лейла\tИванова ", "", " b ; a;;b ;", "", "", "2026-11-02T08:30:00Z"],
        ["z@example.org", "", "Pending", "", "", "", ""], ["w@example.org", "N\u{00A0}N", "", "ü;Ü; ü", "x", "y", ""],
    ])
    func preparedRowsHoldWhatTheRecordHolds(fields: [String]) throws {
        let format = try SubscriberCSVFormat(header: [
            "email", "name", "status", "topics", "city", "note", "created_at",
        ])
        let prepared = try format.prepare(CSVFields(fields, line: 9)).get()
        let record = try format.record(from: fields, line: 9).get()
        #expect(prepared == PreparedSubscriberRecord(record))
        #expect(prepared.record == record)
        #expect(prepared.addressKey == PreparedSubscriberRecord.key(for: record.email))
        #expect(prepared.email.localPart == record.email.localPart)
        #expect(prepared.encodedTopics == record.topics.map(CompactJSON.encode))
        #expect(prepared.encodedAttributes == CompactJSON.encode(sorted: record.attributes))
    }

    @Test(arguments: [
        "", ";", "a", "a;b;a", " a ; b ;", "a  b;a b", "x\ty;x y", "Ü;ü", "q\"uote;back\\slash", ";;c;", "é;e\u{301}",
        "ü ;x\u{00A0}y",
    ])
    func topicsFromBytesMatchTopicsFromText(cell: String) {
        let expected = SubscriberFields.parseTopics(cell, separators: [UInt8(ascii: ";")])
        let encoded = Array(cell.utf8).withUnsafeBufferPointer {
            SubscriberFields.encodeTopics($0, separator: UInt8(ascii: ";"))
        }
        #expect(
            encoded.map { String(decoding: $0, as: UTF8.self) }
                == (expected.isEmpty ? nil : CompactJSON.encode(expected)))
    }

    @Test func namesLoseControlCharactersAndLineBreaks() {
        #expect(SubscriberFields.cleanName("  Ivan\r\n\tPetrov\u{0007} ") == "Ivan Petrov")
        #expect(SubscriberFields.cleanName("Лейла\u{00A0}Иванова") == "Лейла Иванова")
        #expect(SubscriberFields.cleanName("Plain Name") == "Plain Name")
    }
}

@Suite("Timestamps and JSON columns")
struct TimestampTests {
    @Test(arguments: [
        ("2026-11-29T03:40:00Z", "2026-11-29T03:40:00Z"), ("2026-11-29", "2026-11-29T00:00:00Z"),
        ("2026-11-29T05:40:00+02:00", "2026-11-29T03:40:00Z"), ("2026-11-29 03:40:00.123Z", "2026-11-29T03:40:00Z"),
        ("2024-02-29T23:59:59-01:00", "2024-03-01T00:59:59Z"), ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2023-01-15 12:34:56.123456+00", "2023-01-15T12:34:56Z"), ("2023-01-15 12:34:56-0130", "2023-01-15T14:04:56Z"),
    ])
    func parsesRFC3339AndFormatsUTC(input: String, output: String) throws {
        let seconds = try #require(Timestamp.parseSeconds(input))
        #expect(Timestamp.format(seconds) == output)
    }

    @Test(arguments: [
        "", "2026-13-01", "2026-02-30", "yesterday", "2026-11-29T25:00:00Z", "2026-11-29T03:40:00Q",
        "2026-11-29T03:40:00+0", "2026-11-29T03:40:00+01:0", "2026-11-29T03:40:00+25",
    ])
    func refusesWhatIsNotADate(input: String) {
        #expect(Timestamp.parseSeconds(input) == nil)
    }

    @Test func compactJSONIsStableAndRoundTrips() {
        let attributes = ["plan": "free", "city": "Алматы", "note": "say \"hi\"\nbye\u{1}"]
        let text = CompactJSON.encode(attributes)
        #expect(text.hasPrefix("{\"city\":\"Алматы\",\"note\":"))
        #expect(CompactJSON.decodeObject(text) == attributes)
        #expect(CompactJSON.decodeList(CompactJSON.encode(["a", "b\"c"])) == ["a", "b\"c"])
        #expect(CompactJSON.encode([String]()) == "[]")
        #expect(text == #"{"city":"Алматы","note":"say \"hi\"\nbye\u0001","plan":"free"}"#)
        #expect(CompactJSON.encode(["a\\b\tc\r", "", "\u{1F}"]) == #"["a\\b\tc\r","","\u001f"]"#)
    }
}
