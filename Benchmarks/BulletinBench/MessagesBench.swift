import BulletinCore
import BulletinOpenSSL
import Foundation

// `BulletinBench messages`: builds messages with the real MessageTemplate on one thread and prints messages per
// CPU-second (per core, however busy the machine is) for each signing mode, one line each:
// `<mode> <messages> <CPU seconds> <messages per second> <average bytes>`. The signed modes sign as `send` does
// (RSA through OpenSSL, Ed25519 through swift-crypto); `rsa-sha256/swift-crypto` signs RSA through swift-crypto.
// `BulletinBench signatures`: DKIM signatures alone per CPU-second, one line per library and algorithm:
// `<library> <algorithm> <signatures> <CPU seconds> <signatures per second>`.

/// Builds `count` messages in each signing mode (RSA modes a tenth as many), or in `only` that mode.
func messagesBench(count: Int, only: String?) throws {
    try run("unsigned", only: only, signers: [], messages: count)
    try run("ed25519-sha256", only: only, signers: [try signer(.ed25519SHA256, selector: "e")], messages: count)
    try run(
        "rsa-sha256", only: only, signers: [try signer(.rsaSHA256, selector: "r")], messages: max(count / 10, 100))
    try run(
        "rsa-sha256/swift-crypto", only: only,
        signers: [DKIMSigner(key: try .generate(.rsaSHA256), domain: "example.org", selector: "r")],
        messages: max(count / 10, 100))
    try run(
        "rsa+ed25519", only: only,
        signers: [try signer(.rsaSHA256, selector: "r"), try signer(.ed25519SHA256, selector: "e")],
        messages: max(count / 10, 100))
}

/// A digest-sized issue: ~20 KB of HTML and ~5 KB of text with the usual personal slots.
private func issueParts() -> (text: String, html: String) {
    var text = "Hello \(PersonalSlot.marker(PersonalSlot.firstName)),\n\nThis week's most read articles:\n\n"
    var html =
        "<!doctype html><html><body style=\"margin:0;padding:0\">\n"
        + "<p>Hello \(PersonalSlot.marker(PersonalSlot.name)),</p>\n<table role=\"presentation\" width=\"100%\">\n"
    for index in 1...20 {
        let title = "Article \(index): why small servers keep winning — Нові правила \(index)"
        text +=
            "\(index). \(title)\n   https://example.org/articles/\(index)-small-servers\n"
            + "   A summary of the article in two sentences, to tempt the reader into clicking through.\n\n"
        html +=
            "<tr><td style=\"padding:12px 0;font-family:Helvetica,Arial,sans-serif;font-size:16px\">"
            + "<a href=\"https://example.org/articles/\(index)-small-servers?utm_source=bulletin\" "
            + "style=\"color:#0b57d0;text-decoration:none\">\(title)</a><br>"
            + "<span style=\"color:#555555;font-size:14px\">A summary of the article in two sentences, to tempt "
            + "the reader into clicking through. It runs on a little, as summaries do, with an image below.</span>"
            + "<br><img src=\"https://example.org/images/\(index).jpg\" width=\"560\" alt=\"\"></td></tr>\n"
    }
    text +=
        "Unsubscribe: \(PersonalSlot.marker(PersonalSlot.unsubscribeURL))\n"
        + "Preferences: \(PersonalSlot.marker(PersonalSlot.preferencesURL))\n"
    html +=
        "</table>\n<p style=\"font-size:12px;color:#777777\"><a href=\""
        + PersonalSlot.marker(PersonalSlot.unsubscribeURL) + "\">Unsubscribe</a> · <a href=\""
        + PersonalSlot.marker(PersonalSlot.preferencesURL) + "\">Preferences</a></p>\n</body></html>\n"
    return (text, html)
}

private func run(
    _ mode: String, only: String?, signers: @autoclosure () throws -> [DKIMSigner], messages: Int
) throws {
    if let only, only != mode { return }
    let signers = try signers()
    let settings = MessageSettings(
        from: Mailbox(name: "Example Weekly", address: try EmailAddress("news@example.org")),
        listName: "Example Weekly", listID: "news.example.org", linkBaseURL: "https://example.org",
        unsubscribeAddress: try EmailAddress("unsubscribe@example.org"), feedbackID: "48:weekly:bulletin")
    let parts = issueParts()
    let template = try MessageTemplate(
        settings: settings, subject: "Example Weekly — the week's most read articles, issue 48",
        text: BodyTemplate(parts.text, subtype: .plain), html: BodyTemplate(parts.html, subtype: .html),
        issue: "2026-48", links: try LinkSigner(secret: Array(repeating: 1, count: 32)), signers: signers)
    let recipients = try (0..<1000).map { index in
        MessageRecipient(
            subscriberID: Int64(index + 1), address: try EmailAddress("reader\(index)@example.net"),
            name: index % 3 == 0 ? "Аліна Коваленко" : "Reader Number \(index)")
    }
    let date = Date()
    var bytes = 0
    let start = threadCPUSeconds()
    for index in 0..<messages {
        bytes += try template.message(for: recipients[index % recipients.count], date: date).bytes.count
    }
    let seconds = threadCPUSeconds() - start
    print(mode, messages, String(format: "%.3f", seconds), Int(Double(messages) / seconds), bytes / messages)
}

/// A signer for a new key of `algorithm`, signing as `send` does (RSA through OpenSSL).
private func signer(_ algorithm: DKIMAlgorithm, selector: String) throws -> DKIMSigner {
    try DKIMSigner(key: try .generate(algorithm), domain: "example.org", selector: selector).usingFastestSigning()
}

/// Signs the canonical header data of a typical message for `seconds` of CPU time with each library and algorithm.
func signaturesBench(seconds: Double) throws {
    let data = Array(
        String(
            repeating: "list-unsubscribe:<https://example.org/unsubscribe?token=abcdefghijklmnopqrstuvwxyz>\r\n",
            count: 8
        )
        .utf8)
    for algorithm in DKIMAlgorithm.allCases {
        let key = try DKIMPrivateKey.generate(algorithm)
        let keys: [(String, any DKIMSigningKey)] = [("openssl", try OpenSSLSigningKey(key)), ("swift-crypto", key)]
        for (library, signingKey) in keys {
            var done = 0
            let start = threadCPUSeconds()
            while threadCPUSeconds() - start < seconds {
                for _ in 0..<20 { _ = try signingKey.sign(data) }
                done += 20
            }
            let spent = threadCPUSeconds() - start
            print(library, algorithm.rawValue, done, String(format: "%.3f", spent), Int(Double(done) / spent))
        }
    }
}
