import Testing

@testable import BulletinNet

@Suite("libcurl")
struct CurlRuntimeTests {
    @Test func initializesAndSpeaksTheProtocolsBulletinNeeds() {
        #expect(CurlRuntime.initialize())
        let protocols = CurlRuntime.protocols
        for name in ["http", "https", "smtp", "smtps"] {
            #expect(protocols.contains(name), "libcurl lacks \(name)")
        }
        #expect(CurlRuntime.tlsVersion?.hasPrefix("OpenSSL") == true)
        #expect(CurlRuntime.version.split(separator: ".").count == 3)
    }
}
