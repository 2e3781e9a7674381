import BulletinCore
import Foundation
import Testing

@Suite struct QuotedPrintableTests {
    static let samples = [
        "plain ascii line",
        "trailing space \nand tab\t\nend ",
        "equals = sign and ==3D",
        ".leading dot\n.and another", "From the editor\nFrom: me",
        String(repeating: "Довгий рядок без переносів, ", count: 30),
        String(repeating: "x", count: 300) + "\n" + String(repeating: "  two spaces", count: 20),
        "emoji 👩🏽‍💻 and CJK 漢字\r\nCRLF\rCR only\n\nblank lines\n",
    ]

    @Test(arguments: samples)
    func roundTripsWithShortLines(_ text: String) {
        let encoded = QuotedPrintable.encode(text)
        for line in MailDecoding.lines(encoded) { #expect(line.utf8.count <= 76, "\(line)") }
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        #expect(MailDecoding.quotedPrintable(encoded) == normalized)
    }

    @Test(arguments: samples)
    func isAlreadyInRelaxedCanonicalForm(_ text: String) {
        var body = QuotedPrintable.encode(text.trimmingCharacters(in: .newlines))
        body += [13, 10]
        #expect(DKIMCanonicalization.relaxedBody(body) == body)
        #expect(String(decoding: body, as: UTF8.self).contains(" \r\n") == false)
        #expect(String(decoding: body, as: UTF8.self).contains("  ") == false)
        #expect(body.contains(9) == false)
    }

    @Test func encodesSpecialsAndTrailingWhiteSpace() {
        #expect(String(decoding: QuotedPrintable.encode("a = b \n"), as: UTF8.self) == "a =3D b=20\r\n")
        #expect(String(decoding: QuotedPrintable.encode(".x"), as: UTF8.self) == "=2Ex")
        #expect(String(decoding: QuotedPrintable.encode("é"), as: UTF8.self) == "=C3=A9")
        #expect(String(decoding: QuotedPrintable.encode("a\tb"), as: UTF8.self) == "a=09b")
        #expect(String(decoding: QuotedPrintable.encode("From here\nFrom"), as: UTF8.self) == "=46rom here\r\nFrom")
    }

    @Test func neverSplitsAnEscapeAcrossLines() {
        let encoded = String(decoding: QuotedPrintable.encode(String(repeating: "é", count: 100)), as: UTF8.self)
        for line in encoded.components(separatedBy: "\r\n") {
            let body = line.hasSuffix("=") ? String(line.dropLast()) : line
            #expect(body.utf8.count % 3 == 0)
        }
    }
}
