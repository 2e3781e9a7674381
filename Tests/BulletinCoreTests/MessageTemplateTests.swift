import BulletinCore
import Crypto
import Foundation
import Testing

@Suite struct MessageTemplateTests {
    @Test func matchesTheGoldenMessage() throws {
        let template = try MessageFixtures.template()
        let message = try template.message(
            for: try MessageFixtures.recipient(7, "ada@example.com", "Ada Lovelace"), date: MessageFixtures.date)
        try MailSnapshot.expectMatches(message.bytes, named: "message-unsigned.eml")
    }

    @Test func hostileValuesCannotInjectHeaders() throws {
        let hostile = "Eve\r\nBcc: victim@example.com\r\n\r\n<script>"
        let settings = try MessageFixtures.settings(fromName: "News\nX-Injected: yes")
        let template = try MessageFixtures.template(
            settings: settings, subject: "Hello\r\nBcc: everyone@example.com\u{0}\u{2028}Content-Type: text/evil",
            html: "<p>\(PersonalSlot.marker(PersonalSlot.name))</p>")
        let message = try template.message(
            for: MessageRecipient(
                subscriberID: 1, address: try EmailAddress("eve@example.com"), name: hostile,
                fields: ["x": "\r\n"]),
            date: MessageFixtures.date)
        let lines = MailDecoding.lines(message.bytes)
        let head = lines.prefix(while: { !$0.isEmpty })
        #expect(
            !head.contains {
                $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Injected:") || $0.hasPrefix("Content-Type: text/evil")
            })
        #expect(head.filter { $0.hasPrefix("To:") }.count == 1)
        #expect(head.filter { $0.hasPrefix("Content-Type:") }.count == 1)
        #expect(
            MailDecoding.header("To", in: message.bytes) == "\"Eve Bcc: victim@example.com <script>\" <eve@example.com>"
        )
        #expect(
            MailDecoding.header("Subject", in: message.bytes)
                == "Hello Bcc: everyone@example.com Content-Type: text/evil")
        // The HTML part gets the name escaped.
        #expect(String(decoding: message.bytes, as: UTF8.self).contains("&lt;script&gt;"))
        for line in head { #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" }) }
    }

    @Test func extraHeadersMustBeSafe() throws {
        #expect(throws: MessageTemplateError.invalidHeaderValue("X-Bad")) {
            try MessageFixtures.template(
                settings: try MessageFixtures.settings(extraHeaders: [.init(name: "X-Bad", value: "a\r\nBcc: x@y.z")]))
        }
        #expect(throws: MessageTemplateError.invalidHeaderName("Bcc: x")) {
            try MessageFixtures.template(
                settings: try MessageFixtures.settings(extraHeaders: [.init(name: "Bcc: x", value: "v")]))
        }
        #expect(throws: MessageTemplateError.invalidHeaderName("List-Unsubscribe")) {
            try MessageFixtures.template(
                settings: try MessageFixtures.settings(extraHeaders: [.init(name: "List-Unsubscribe", value: "v")]))
        }
    }

    @Test func messageIDsAreUniqueAndAtTheFromDomain() throws {
        let template = try MessageFixtures.template(randomIDs: true)
        let recipient = try MessageFixtures.recipient(1, "ada@example.com", "Ada")
        var seen = Set<String>()
        for _ in 0..<2000 {
            let message = try template.message(for: recipient, date: MessageFixtures.date)
            #expect(message.messageID.hasSuffix("@example.org"))
            #expect(MailDecoding.header("Message-ID", in: message.bytes) == "<\(message.messageID)>")
            seen.insert(message.messageID)
        }
        #expect(seen.count == 2000)
    }

    @Test func linesAreCRLFAndShort() throws {
        let template = try MessageFixtures.template(subject: String(repeating: "Очень длинная тема ", count: 20))
        let message = try template.message(
            for: try MessageFixtures.recipient(1, "ada@example.com", String(repeating: "Name ", count: 30)),
            date: MessageFixtures.date)
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let lines = MailDecoding.lines(message.bytes)
        let headCount = lines.firstIndex(of: "") ?? 0
        for (index, line) in lines.enumerated() {
            #expect(line.utf8.count <= 998)
            // Only the List-Unsubscribe links, single unbreakable words, may pass 76 in the head.
            if index < headCount && !line.contains("unsubscribe") { #expect(line.utf8.count <= 76, "\(line)") }
            if index > headCount && !line.hasPrefix("Content-") { #expect(line.utf8.count <= 76, "\(line)") }
        }
    }

    @Test func theBodyHashIsTheHashOfTheRelaxedBody() throws {
        let signer = DKIMSigner(key: try .generate(.ed25519SHA256), domain: "example.org", selector: "s")
        let template = try MessageFixtures.template(signers: [signer])
        let message = try template.message(
            for: try MessageFixtures.recipient(1, "ada@example.com", "Ada"), date: MessageFixtures.date)
        let text = String(decoding: message.bytes, as: UTF8.self)
        let body = try #require(text.range(of: "\r\n\r\n")).upperBound
        let expected = Data(SHA256.hash(data: DKIMCanonicalization.relaxedBody(Array(text[body...].utf8))))
            .base64EncodedString()
        let signature = try #require(MailDecoding.header("DKIM-Signature", in: message.bytes))
        #expect(signature.replacingOccurrences(of: " ", with: "").contains("bh=\(expected);"))
        #expect(Array(text[body...].utf8) == DKIMCanonicalization.relaxedBody(Array(text[body...].utf8)))
    }

    @Test func aSharedBodyNeedsNoSlots() throws {
        let template = try MessageFixtures.template(text: "Same for all\n", html: "<p>Same for all</p>")
        let first = try template.message(
            for: try MessageFixtures.recipient(1, "a@example.com", "A"), date: MessageFixtures.date)
        let second = try template.message(
            for: try MessageFixtures.recipient(2, "b@example.com", "B"), date: MessageFixtures.date)
        let bodyOf = { (bytes: [UInt8]) in
            String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n").dropFirst().joined()
        }
        #expect(bodyOf(first.bytes) == bodyOf(second.bytes))
        #expect(BodyTemplate("x", subtype: .plain).isShared)
    }

    @Test func relaxedCanonicalizationFollowsTheRFCExample() {
        // RFC 6376 §3.4.5.
        let header = DKIMCanonicalization.relaxedHeader(Array("B : Y\t\r\n\tZ  \r\n".utf8))
        #expect(String(decoding: header, as: UTF8.self) == "b:Y Z\r\n")
        let body = DKIMCanonicalization.relaxedBody(Array(" C \r\nD \t E\r\n\r\n\r\n".utf8))
        #expect(String(decoding: body, as: UTF8.self) == " C\r\nD E\r\n")
    }
}
