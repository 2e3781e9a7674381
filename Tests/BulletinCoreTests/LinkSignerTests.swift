import BulletinCore
import Testing

@Suite struct LinkSignerTests {
    let signer: LinkSigner

    init() throws {
        signer = try LinkSigner(secret: Array(repeating: 42, count: 32))
    }

    @Test(arguments: LinkPurpose.allCases)
    func aTokenVerifiesForItsPurpose(_ purpose: LinkPurpose) throws {
        let token = signer.token(purpose, subscriberID: 1_234_567, issue: "2026-48")
        #expect(
            token.utf8.allSatisfy {
                $0 == 45 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
            })
        let contents = try signer.verify(token, for: purpose)
        #expect(contents == LinkToken(purpose: purpose, subscriberID: 1_234_567, issue: "2026-48"))
    }

    @Test func aTokenForAnotherPurposeIsRefused() {
        let token = signer.token(.preferences, subscriberID: 5, issue: "2026-48")
        #expect(throws: LinkTokenError.wrongPurpose(expected: .unsubscribe, found: .preferences)) {
            try signer.verify(token, for: .unsubscribe)
        }
    }

    @Test func everyAlteredCharacterIsRefused() {
        let token = signer.token(.unsubscribe, subscriberID: 5, issue: "2026-48")
        let characters = Array(token)
        for index in characters.indices {
            var altered = characters
            altered[index] = altered[index] == "A" ? "B" : "A"
            #expect(throws: LinkTokenError.self) { try signer.verify(String(altered), for: .unsubscribe) }
        }
    }

    @Test func aTokenFromAnotherSecretIsRefused() throws {
        let other = try LinkSigner(secret: Array(repeating: 43, count: 32))
        let token = other.token(.unsubscribe, subscriberID: 5, issue: "2026-48")
        #expect(throws: LinkTokenError.tampered) { try signer.verify(token, for: .unsubscribe) }
    }

    @Test(arguments: ["", "not a token!", "AAAA", String(repeating: "A", count: 500)])
    func garbageIsMalformed(_ token: String) {
        #expect(throws: LinkTokenError.malformed) { try signer.verify(token, for: .unsubscribe) }
    }

    @Test func aShortSecretIsRefused() {
        #expect(throws: LinkSecretError.self) { try LinkSigner(secret: Array(repeating: 1, count: 16)) }
    }

    @Test func tokenErrorsAreDataErrors() {
        #expect(LinkTokenError.tampered.exitStatus == .dataError)
        #expect(LinkTokenError.malformed.exitStatus == .dataError)
    }
}
