import BulletinCore
import Foundation
import Testing

/// Messages checked by independent implementations: Python's `email` package and dkimpy.
@Suite struct MessageVerificationTests {
    static let cyrillicSubject =
        "Тижневик: найпопулярніші статті тижня — випуск 48, з довгою назвою, що не вміщається в один рядок"

    static func signers() throws -> [DKIMSigner] {
        [
            DKIMSigner(key: try .generate(.rsaSHA256), domain: "example.org", selector: "rsa2026"),
            DKIMSigner(key: try .generate(.ed25519SHA256), domain: "example.org", selector: "ed2026"),
        ]
    }

    @Test func messagesParseAndBothSignaturesVerifyWithDkimpy() throws {
        let signers = try Self.signers()
        let template = try MessageFixtures.template(
            settings: try MessageFixtures.settings(fromName: "Щотижневик Приклад"),
            subject: Self.cyrillicSubject, signers: signers)
        var verifier = try PythonVerifier()
        for signer in signers { verifier.records[signer.recordName] = signer.key.dnsRecordText }
        let people: [(Int64, String, String, String)] = [
            (1, "ada@example.com", "Ada Lovelace", "Ada Lovelace <ada@example.com>"),
            (2, "alina@example.net", "Аліна Коваленко", "Аліна Коваленко <alina@example.net>"),
            (3, "j.oneil@example.com", "Jürgen O'Neil", "Jürgen O'Neil <j.oneil@example.com>"),
            (4, "quoted@example.com", "Smith, John (Jr.)", "\"Smith, John (Jr.)\" <quoted@example.com>"),
            (5, "noname@example.com", "", "noname@example.com"),
        ]
        for (id, address, name, to) in people {
            let recipient = try MessageFixtures.recipient(id, address, name)
            let message = try template.message(for: recipient, date: MessageFixtures.date)
            let values = [
                PersonalSlot.name: name, PersonalSlot.firstName: recipient.firstName,
                PersonalSlot.unsubscribeURL: template.unsubscribeURL(subscriberID: id, key: 0),
                PersonalSlot.preferencesURL: template.preferencesURL(subscriberID: id, key: 0),
            ]
            try verifier.add(
                message.bytes,
                expect: [
                    "From": "Щотижневик Приклад <news@example.org>", "To": to, "Subject": Self.cyrillicSubject,
                    "Reply-To": "Editors <editors@example.org>", "List-Id": "Example Weekly <weekly.example.org>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "Feedback-ID": "48:weekly:bulletin",
                    "MIME-Version": "1.0", "Date": "Wed, 18 Nov 2026 11:06:40 +0000",
                    "Message-ID": "<\(id).2026-48@example.org>",
                    "List-Unsubscribe":
                        "<\(template.unsubscribeURL(subscriberID: id, key: 0))>, <mailto:unsubscribe@example.org?subject="
                        + "unsubscribe%20\(template.unsubscribeURL(subscriberID: id, key: 0).split(separator: "=").last ?? "")>",
                    "headers": ["X-Campaign": "weekly 48"],
                    "text": MessageFixtures.personalized(MessageFixtures.text, values: values, html: false),
                    "html": MessageFixtures.personalized(MessageFixtures.html, values: values, html: true),
                    "signatures": 2,
                ])
        }
        let result = try verifier.run()
        #expect(result.checked == people.count)
        #expect(result.failures == [])
    }

    @Test(arguments: DKIMAlgorithm.allCases)
    func eachAlgorithmVerifiesAlone(_ algorithm: DKIMAlgorithm) throws {
        let signer = DKIMSigner(key: try .generate(algorithm), domain: "example.org", selector: "only")
        let longLine = String(repeating: "Довгий рядок без переносів. ", count: 60)
        let template = try MessageFixtures.template(
            subject: Self.cyrillicSubject, text: "Привіт!\n" + longLine + "\n", html: "<p>" + longLine + "</p>",
            signers: [signer])
        var verifier = try PythonVerifier()
        verifier.records[signer.recordName] = signer.key.dnsRecordText
        let message = try template.message(
            for: try MessageFixtures.recipient(9, "olena@example.org", "Олена Шевченко"), date: MessageFixtures.date)
        try verifier.add(
            message.bytes,
            expect: [
                "Subject": Self.cyrillicSubject, "To": "Олена Шевченко <olena@example.org>",
                "text": "Привіт!\n" + longLine + "\n", "html": "<p>" + longLine + "</p>", "signatures": 1,
            ])
        let result = try verifier.run()
        #expect(result.failures == [])
    }

    @Test func aTamperedBodyOrHeaderFailsVerification() throws {
        let signer = DKIMSigner(key: try .generate(.ed25519SHA256), domain: "example.org", selector: "ed")
        let template = try MessageFixtures.template(signers: [signer])
        let message = try template.message(
            for: try MessageFixtures.recipient(1, "ada@example.com", "Ada"), date: MessageFixtures.date)
        let original = String(decoding: message.bytes, as: UTF8.self)
        var verifier = try PythonVerifier()
        verifier.uniqueIDs = false
        verifier.records[signer.recordName] = signer.key.dnsRecordText
        try verifier.add(
            Array(original.replacingOccurrences(of: "Why SQLite is enough", with: "Why SQLite is enouGH").utf8),
            expect: ["signatures": 1])
        try verifier.add(
            Array(original.replacingOccurrences(of: "To: Ada <ada@", with: "To: Bob <ada@").utf8),
            expect: ["signatures": 1])
        // Oversigned: a second Subject or List-Unsubscribe added above the signed ones breaks the signature.
        for added in ["Subject: You won!\r\n", "List-Unsubscribe: <https://evil.example/>\r\n"] {
            try verifier.add(Array((added + original).utf8), expect: ["signatures": 1])
        }
        let failures = try verifier.run().failures.filter { $0.contains("DKIM signature") }
        #expect(failures.count == 4, "\(failures)")
        #expect(failures.first?.contains("body hash mismatch") == true, "\(failures)")
        #expect(failures.dropFirst().allSatisfy { $0.contains("does not verify") }, "\(failures)")
    }
}
