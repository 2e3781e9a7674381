import BulletinCore
import Foundation
import Testing

@Suite struct EncodingSupportTests {
    @Test(arguments: [0, 1, 2, 3, 31, 32, 33, 64])
    func base64URLRoundTrips(_ length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        #expect(Base64URL.decode(text) == bytes)
        #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
    }

    @Test func base64URLHasOneEncodingPerValue() {
        #expect(Base64URL.decode("AA") == [0])
        #expect(Base64URL.decode("AB") == nil)
        #expect(Base64URL.decode("A") == nil)
        #expect(Base64URL.decode("A*") == nil)
    }

    @Test func zoneFileRecordsSplitLongTextInto255CharacterStrings() throws {
        let key = try DKIMPrivateKey.generate(.rsaSHA256)
        let record = key.zoneFileRecord(selector: "s1", domain: "example.org")
        #expect(record.hasPrefix("s1._domainkey.example.org. IN TXT ( \"v=DKIM1; k=rsa; p="))
        let strings = record.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(strings.count == 2)
        #expect(strings.allSatisfy { $0.count <= 255 })
        #expect(strings.joined() == key.dnsRecordText)
    }

    @Test func anEd25519KeyRoundTripsThroughPEM() throws {
        let key = try DKIMPrivateKey.generate(.ed25519SHA256)
        let again = try DKIMPrivateKey(pem: key.pemRepresentation, algorithm: .ed25519SHA256, file: "k.pem")
        #expect(again.publicKeyBase64 == key.publicKeyBase64)
        #expect(Data(base64Encoded: key.publicKeyBase64)?.count == 32)
    }

    @Test func aLongIssueLabelIsCutAtACharacterBoundary() throws {
        let signer = try LinkSigner(secret: Array(repeating: 1, count: 32))
        let token = signer.token(.unsubscribe, subscriberID: 1, key: 77, issue: String(repeating: "Ж", count: 40))
        let contents = try signer.verify(token, for: .unsubscribe)
        #expect(contents.issue == String(repeating: "Ж", count: 32))
    }
}
