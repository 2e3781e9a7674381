import BulletinCore
import Foundation
import Testing

@Suite struct HeaderEncodingTests {
    @Test(arguments: [
        "Тижневик: найпопулярніші статті тижня — випуск 48, з довгою назвою, що не вміщається в один рядок",
        "Short ASCII subject", "日本語のとても長い件名です。" + String(repeating: "繰り返し", count: 20),
        "Mixed ASCII and émoji 🎉 " + String(repeating: "word ", count: 30), "Looks like =?utf-8?B?SGk=?= a word",
    ])
    func subjectsFoldUnder78ColumnsAndDecodeBack(_ subject: String) {
        var writer = HeaderWriter(name: "Subject")
        writer.appendText(subject)
        let lines = MailDecoding.lines(writer.bytes).filter { !$0.isEmpty }
        for line in lines {
            #expect(line.utf8.count <= 76, "\(line)")
            for word in line.split(separator: " ") where word.hasPrefix("=?") { #expect(word.utf8.count <= 75) }
        }
        #expect(MailDecoding.header("Subject", in: writer.bytes + [13, 10]) == subject)
    }

    @Test func neutralizesControlCharacters() {
        #expect(HeaderText.neutralized("Eve\r\nBcc: victim@example.com") == "Eve Bcc: victim@example.com")
        #expect(HeaderText.neutralized("a\u{0}b\u{7F}c\u{85}d\u{2028}e\u{200B}f\tg") == "abc d ef g")
        #expect(HeaderText.neutralized("  lots   of\n\n space  ") == "lots of space")
    }

    @Test func quotesNamesWithSpecialsAndEncodesNonASCIINames() throws {
        let address = try EmailAddress("a@example.org")
        func field(_ name: String) -> String {
            var writer = HeaderWriter(name: "To")
            Mailbox(name: name, address: address).appendHeader(to: &writer)
            return String(decoding: writer.bytes, as: UTF8.self)
        }
        #expect(field("Ada Lovelace") == "To: Ada Lovelace <a@example.org>\r\n")
        #expect(field("Smith, \"J\" \\ Jr.") == "To: \"Smith, \\\"J\\\" \\\\ Jr.\" <a@example.org>\r\n")
        #expect(field("Аліна") == "To: =?utf-8?B?0JDQu9GW0L3QsA==?= <a@example.org>\r\n")
        #expect(field("") == "To: a@example.org\r\n")
        #expect(field("=?utf-8?B?SGk=?=").contains("=?utf-8?B?PT91dGYtOD9CP1NHaz0/PQ==?="))
    }

    @Test(arguments: [
        (0.0, "Thu, 1 Jan 1970 00:00:00 +0000"), (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (1_795_000_000, "Wed, 18 Nov 2026 11:06:40 +0000"), (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 +0000"),
    ])
    func formatsDates(_ seconds: Double, _ expected: String) {
        #expect(MessageDate.format(Date(timeIntervalSince1970: seconds)) == expected)
        #expect(MessageDate.parse(expected) == Date(timeIntervalSince1970: seconds))
    }

    /// The dates reports carry: zones, comments, no weekday or seconds, two-digit years, obsolete zone names.
    @Test(arguments: [
        ("Thu, 29 Apr 2017 23:34:45 +0900 (JST)", "2017-04-29T14:34:45Z"),
        ("29 Apr 2017 23:34 -0700", "2017-04-30T06:34:00Z"), ("Sun, 03 Oct 10 16:06:55 PDT", "2010-10-03T23:06:55Z"),
        ("Mon,  7 Dec 2026 07:01:10 GMT", "2026-12-07T07:01:10Z"), ("Tue, 1 Dec 2026 10:00:00", "2026-12-01T10:00:00Z"),
    ])
    func readsTheDatesReportsCarry(_ text: String, _ expected: String) {
        #expect(MessageDate.parse(text) == Timestamp.parse(expected))
    }

    @Test(arguments: ["", "yesterday", "32 Apr 2017 10:00:00 +0000", "1 Foo 2017 10:00 +0000", "1 Apr 2017 25:00"])
    func refusesWhatIsNoDate(_ text: String) {
        #expect(MessageDate.parse(text) == nil)
    }
}

@Suite struct HeaderWriterEdgeTests {
    @Test func aLongFieldNameFoldsBeforeItsFirstEncodedWord() {
        var writer = HeaderWriter(name: "X-" + String(repeating: "N", count: 70))
        writer.appendText("Привіт, світе")
        let lines = MailDecoding.lines(writer.bytes).filter { !$0.isEmpty }
        #expect(lines.count >= 2)
        #expect(lines.dropFirst().allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.first?.hasSuffix(":") == true)
    }
}
