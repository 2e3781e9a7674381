import BulletinCore
import Foundation
import Testing

@Suite struct LinkSignerTests {
    let signer: LinkSigner

    init() throws {
        signer = try LinkSigner(secret: Array(repeating: 42, count: 32))
    }

    @Test(arguments: LinkPurpose.allCases)
    func aTokenVerifiesForItsPurpose(_ purpose: LinkPurpose) throws {
        let token = signer.token(purpose, subscriberID: 1_234_567, key: 77, issue: "2026-48")
        #expect(
            token.utf8.allSatisfy {
                $0 == 45 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
            })
        let contents = try signer.verify(token, for: purpose)
        #expect(contents == LinkToken(purpose: purpose, subscriberID: 1_234_567, key: 77, issue: "2026-48"))
    }

    @Test func aTokenForAnotherPurposeIsRefused() {
        let token = signer.token(.preferences, subscriberID: 5, key: 77, issue: "2026-48")
        #expect(throws: LinkTokenError.wrongPurpose(expected: .unsubscribe, found: .preferences)) {
            try signer.verify(token, for: .unsubscribe)
        }
    }

    @Test func everyAlteredCharacterIsRefused() {
        let token = signer.token(.unsubscribe, subscriberID: 5, key: 77, issue: "2026-48")
        let characters = Array(token)
        for index in characters.indices {
            var altered = characters
            altered[index] = altered[index] == "A" ? "B" : "A"
            #expect(throws: LinkTokenError.self) { try signer.verify(String(altered), for: .unsubscribe) }
        }
    }

    @Test func aTokenFromAnotherSecretIsRefused() throws {
        let other = try LinkSigner(secret: Array(repeating: 43, count: 32))
        let token = other.token(.unsubscribe, subscriberID: 5, key: 77, issue: "2026-48")
        #expect(throws: LinkTokenError.tampered) { try signer.verify(token, for: .unsubscribe) }
    }

    @Test(arguments: ["", "not a token!", "AAAA", String(repeating: "A", count: 500)])
    func garbageIsMalformed(_ token: String) {
        #expect(throws: LinkTokenError.malformed) { try signer.verify(token, for: .unsubscribe) }
    }

    @Test func aShortSecretIsRefused() {
        #expect(throws: LinkSecretError.self) { try LinkSigner(secret: Array(repeating: 1, count: 16)) }
    }

    @Test func tokenErrorsAreSentences() {
        #expect(LinkTokenError.tampered.description.hasSuffix("so nothing was changed."))
        #expect(LinkTokenError.malformed.description.hasPrefix("The link token is not one Bulletin made"))
    }

    @Test func readsTheSecretFileAndNamesItWhenUnusable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bulletin-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bulletin.secret")
        #expect(throws: LinkSecretError.unreadable(file.path, reason: "no such file")) {
            try LinkSigner(secretFile: file)
        }
        try "not base64!\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: LinkSecretError.notBase64(file.path)) { try LinkSigner(secretFile: file) }
        try (Base64URL.encode(Array(repeating: 1, count: 8)) + "\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: LinkSecretError.tooShort(file.path, length: 8)) { try LinkSigner(secretFile: file) }
        try (Base64URL.encode(Array(repeating: 42, count: 32)) + "\n").write(
            to: file, atomically: true, encoding: .utf8)
        let token = try LinkSigner(secretFile: file).token(.confirm, subscriberID: 3, key: 77, issue: "")
        #expect(try signer.verify(token, for: .confirm).subscriberID == 3)
        #expect(LinkSecretError.notBase64(file.path).description.contains(file.path))
        #expect(
            LinkSecretError.notBase64(file.path).description == "The link secret \(file.path) is not base64url text.")
    }

    @Test func linksPointUnderTheBaseURL() {
        let link = signer.link(
            baseURL: "https://example.org/news", .preferences, subscriberID: 2, key: 77, issue: "2026-48")
        #expect(link.hasPrefix("https://example.org/news/preferences?token="))
    }
}
