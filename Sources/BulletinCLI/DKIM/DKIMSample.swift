import BulletinCore
import Foundation

/// A sample message signed the way `send` signs, for `dkim check` and `bulletin doctor`: the configuration's
/// headers, a throwaway link secret, and the given signers (made with `usingFastestSigning()`, as `send` makes
/// them).
struct DKIMSample {
    /// The template the sample came from (its signed and oversigned header lists).
    let template: MessageTemplate
    /// The sample message.
    let message: OutgoingMessage

    /// Builds and signs the sample.
    ///
    /// - Throws: what building or signing throws (a key that cannot sign).
    init(configuration: Configuration, signers: [DKIMSigner], date: Date) throws {
        var random = SystemRandomNumberGenerator()
        let links = try LinkSigner(secret: (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) })
        template = try MessageTemplate(
            settings: MessageSettings(configuration: configuration), subject: "Check",
            text: BodyTemplate("Check\n", subtype: .plain), html: BodyTemplate("<p>Check</p>", subtype: .html),
            issue: "check", links: links, signers: signers)
        message = try template.message(
            for: MessageRecipient(subscriberID: 1, address: configuration.newsletter.from.address), date: date)
    }

    /// How many DKIM-Signature fields the sample carries.
    var signatureCount: Int {
        String(decoding: message.bytes, as: UTF8.self).components(separatedBy: "DKIM-Signature:").count - 1
    }
}
