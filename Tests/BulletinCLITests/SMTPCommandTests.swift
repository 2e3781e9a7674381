import Foundation
import Testing

@Suite("bulletin smtp check")
struct SMTPCommandTests {
    /// Sets the [smtp] section of the site's configuration.
    private func configure(_ site: Site, _ lines: String) throws {
        let file = site.folder.appendingPathComponent("bulletin.toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "[smtp]\n", with: "[smtp]\n\(lines)\n").utf8).write(to: file)
    }

    /// A loopback port nothing listens on.
    private func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func anUnreachableRelayIsOneLineAndExit69() throws {
        let site = try Site()
        try configure(site, "url = \"smtp://127.0.0.1:\(try closedPort())\"\ntls = \"none\"")
        let result = try site.run("smtp", "check")
        #expect(result.status == 69)
        #expect(result.stderr.contains("cannot be reached"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func aMissingPasswordVariableIsAConfigurationErrorThatNamesTheKey() throws {
        let site = try Site()
        try configure(site, "username = \"news\"\npassword_env = \"BULLETIN_TEST_UNSET_PASSWORD\"")
        let result = try site.run("smtp", "check")
        #expect(result.status == 78)
        #expect(result.stderr.contains("smtp.password_env"))
    }

    @Test func clearTextToARemoteHostIsRefused() throws {
        let site = try Site()
        try configure(site, "url = \"smtp://mail.example.org:587\"\ntls = \"none\"")
        let result = try site.run("smtp", "check")
        #expect(result.status == 78)
        #expect(result.stderr.contains("smtp.tls"))
    }

    @Test func helpReadsLikeAManPage() throws {
        let site = try Site(initialize: false)
        let result = try site.run("smtp", "check", "--help")
        #expect(result.stdout.contains("STARTTLS"))
        #expect(result.stdout.contains("Examples:"))
    }
}
