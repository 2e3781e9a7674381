import BulletinCore
import BulletinOpenSSL
import Foundation

/// Builds the personal messages of one issue: the shared parts encoded once, then one message per subscriber.
/// Used by `send` (real, `--dry-run` and `--test`) and by `preview --format eml`, so that what is previewed is
/// what is sent.
struct IssueMessages: Sendable {
    /// The encoded issue.
    let template: MessageTemplate
    /// The envelope sender (MAIL FROM) of every message.
    let envelopeSender: String
    /// The link to the issue on the web, the same for everyone.
    let viewURL: String

    /// Prepares `rendered` for sending; `subjectPrefix` (like "[TEST] ") goes before the subject. RSA keys sign
    /// through the system's OpenSSL (``BulletinOpenSSL/OpenSSLSigningKey``), the fastest here.
    ///
    /// - Throws: the configuration's link-secret, DKIM and header errors.
    init(_ rendered: RenderedDigest, configuration: Configuration, subjectPrefix: String = "") throws {
        template = try MessageTemplate(
            settings: MessageSettings(configuration: configuration), subject: subjectPrefix + rendered.subject,
            text: BodyTemplate(rendered.text.marked, subtype: .plain),
            html: BodyTemplate(rendered.html.marked, subtype: .html), issue: rendered.id,
            links: try LinkSecret.signer(at: configuration.links.secretFile),
            signers: try (configuration.dkim?.signers() ?? []).map { try $0.usingFastestSigning() })
        envelopeSender = configuration.envelopeSender.value
        viewURL = Self.viewURL(configuration: configuration, week: rendered.id)
    }

    /// The issue's page in the web archive that `bulletin serve` keeps: `<[links] base_url>/archive/<week>`.
    static func viewURL(configuration: Configuration, week: String) -> String {
        PersonalFields.archiveURL(linkBaseURL: configuration.mail.linkBaseURL.absoluteString, week: week)
    }

    /// The values of the slots the message builder does not fill itself.
    func fields(topics: [String]) -> [String: String] {
        [PersonalFields.Slot.viewURL: viewURL, PersonalFields.Slot.topics: topics.joined(separator: ", ")]
    }

    /// One subscriber's message.
    ///
    /// - Throws: ``EmailAddressError`` when the stored address cannot be mailed; DKIM signing errors.
    func message(for subscriber: Subscriber, date: Date) throws -> OutgoingMessage {
        try template.message(for: MessageRecipient(subscriber, fields: fields(topics: subscriber.topics)), date: date)
    }

    /// A message to an address that may not be a subscriber (`--test`, preview): links signed for no one.
    func message(to address: EmailAddress, subscriber: Subscriber?, date: Date) throws -> OutgoingMessage {
        if let subscriber { return try message(for: subscriber, date: date) }
        return try template.message(
            for: MessageRecipient(subscriberID: 0, address: address, fields: fields(topics: [])), date: date)
    }
}
