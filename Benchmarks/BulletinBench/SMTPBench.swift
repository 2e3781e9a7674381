import BulletinCore
import BulletinNet
import Foundation

/// `BulletinBench smtp`: sends N messages of about SIZE bytes through ``CurlSMTPTransport`` to a relay on the
/// loopback without TLS (Postfix's `smtp-sink` in Benchmarks/bench-smtp.sh) and prints
/// `seconds accepted other` on one line.
///
/// `BulletinBench smtp PORT MESSAGES CONNECTIONS [SIZE]`.
enum SMTPBench {
    static func run(port: Int, count: Int, connections: Int, size: Int) throws {
        let toml = """
            [newsletter]
            name = "Bench"
            from = "news@example.org"
            site_url = "https://example.org"
            [smtp]
            url = "smtp://127.0.0.1:\(port)"
            tls = "none"
            connections = \(connections)
            """
        let settings = try ConfigurationLoader.parse(
            toml, file: URL(fileURLWithPath: "/tmp/bench.toml"), displayName: "bench.toml"
        ).smtp
        var body = "From: news@example.org\r\nTo: reader@example.net\r\nSubject: Benchmark\r\n\r\n"
        while body.utf8.count < size {
            body += "The quick brown fox jumps over the lazy dog; 0123456789 abcdefghij.\r\n"
        }
        let data = Array(body.utf8)
        // Validated before the clock starts, as an import validates them before a send.
        let recipients = try (1...max(1, count)).map { try EmailAddress("reader\($0)@example.net") }
        var sent = 0
        var accepted = 0
        var other = 0
        let start = DispatchTime.now().uptimeNanoseconds
        try CurlSMTPTransport(settings: settings, password: nil).deliverBlocking(
            next: {
                guard sent < count else { return nil }
                sent += 1
                return MailSubmission(
                    id: DeliveryID(Int64(sent)), sender: "bounces@example.org", recipient: recipients[sent - 1],
                    data: data)
            },
            report: { results in
                for result in results {
                    if result.outcome.kind == .accepted { accepted += 1 } else { other += 1 }
                }
            })
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000_000
        print(String(format: "%.3f %d %d", seconds, accepted, other))
    }
}
