import Testing

@testable import BulletinNet

/// How the IMAP fetcher reads the server's capabilities, which decide between `UID MOVE` and copy, flag and
/// expunge (the Dovecot tests in BulletinAppTests run both).
@Suite struct CurlInboundFetcherTests {
    @Test func readsTheCapabilityLineAmongTheUntaggedAnswers() {
        let answer = Array("* OK [ALERT] hello\r\n* CAPABILITY IMAP4rev1 IDLE move UIDPLUS\r\n".utf8)
        #expect(CurlInboundFetcher.capabilities(in: answer) == ["IMAP4REV1", "IDLE", "MOVE", "UIDPLUS"])
        #expect(CurlInboundFetcher.capabilities(in: Array("* OK nothing\r\n".utf8)).isEmpty)
    }
}
