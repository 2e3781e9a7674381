import BulletinCore
import Foundation

/// Builds the personal messages of one issue: the shared parts encoded once, then one message per subscriber.
/// Used by `send` (real, `--dry-run` and `--test`) and by `preview --format eml`, so that what is previewed is
/// what is sent.
public struct IssueMessages: Sendable {
    /// The encoded issue.
    public let template: MessageTemplate
    /// The envelope sender (MAIL FROM) of a message that names no delivery (`--test`): `[bounces] address` when
    /// set, else `[smtp] envelope_from` or the From address.
    public let envelopeSender: String
    /// `[bounces] address` and the signer of VERP tags, when bounces are configured.
    private let verp: (address: EmailAddress, signer: DeliveryTag.Signer)?
    /// The issue's week, which every tag names.
    private let week: String
    /// The link to the issue on the web, the same for everyone.
    public let viewURL: String

    /// Prepares `rendered` for sending with the environment's link signer and DKIM signers (RSA keys sign through
    /// the system's OpenSSL, the fastest here); `subjectPrefix` (like "[TEST] ") goes before the subject.
    ///
    /// - Throws: the configuration's link-secret, DKIM and header errors.
    public init(_ rendered: RenderedDigest, environment: AppEnvironment, subjectPrefix: String = "") throws {
        try self.init(
            rendered, configuration: environment.configuration, links: try environment.linkSigner(),
            signers: try environment.dkimSigners(), subjectPrefix: subjectPrefix)
    }

    /// Prepares `rendered` for sending with `links` and `signers`.
    ///
    /// - Throws: the configuration's header errors.
    public init(
        _ rendered: RenderedDigest, configuration: Configuration, links: LinkSigner, signers: [DKIMSigner],
        subjectPrefix: String = ""
    ) throws {
        template = try MessageTemplate(
            settings: MessageSettings(configuration: configuration), subject: subjectPrefix + rendered.subject,
            text: BodyTemplate(rendered.text.marked, subtype: .plain),
            html: BodyTemplate(rendered.html.marked, subtype: .html), issue: rendered.id, links: links,
            signers: signers,
            sections: rendered.sections.map { MessageTemplate.Section(topic: $0.topic, text: $0.text, html: $0.html) })
        envelopeSender = (configuration.bounces?.address ?? configuration.envelopeSender).value
        verp = configuration.bounces.map { ($0.address, DeliveryTag.Signer(links: links)) }
        week = rendered.id
        viewURL = Self.viewURL(configuration: configuration, week: rendered.id)
    }

    /// The issue's page in the web archive that `bulletin serve` keeps: `<[links] base_url>/archive/<week>`.
    public static func viewURL(configuration: Configuration, week: String) -> String {
        PersonalFields.archiveURL(linkBaseURL: configuration.mail.linkBaseURL.absoluteString, week: week)
    }

    /// The envelope sender of `subscriber`'s message: `bounces+TAG@domain` naming this issue and the subscriber
    /// when `[bounces]` is set (``DeliveryTag``), else ``envelopeSender``.
    public func envelopeSender(for subscriber: Subscriber) -> String {
        guard let verp,
            let sender = verp.signer.envelopeSender(
                DeliveryTag(week: week, subscriberID: subscriber.id), key: subscriber.linkKey,
                bounceAddress: verp.address)
        else { return envelopeSender }
        return sender
    }

    /// The values of the slots the message builder does not fill itself.
    public func fields(topics: [String]) -> [String: String] {
        [PersonalFields.Slot.viewURL: viewURL, PersonalFields.Slot.topics: topics.joined(separator: ", ")]
    }

    /// One subscriber's message.
    ///
    /// - Throws: ``EmailAddressError`` when the stored address cannot be mailed; DKIM signing errors.
    public func message(for subscriber: Subscriber, date: Date) throws -> OutgoingMessage {
        var recipient = MessageRecipient(subscriber, fields: fields(topics: subscriber.topics))
        recipient.sections = subscriber.topics
        return try template.message(for: recipient, date: date)
    }

    /// A message to an address that may not be a subscriber (`--test`, preview): links signed for no one; an
    /// unnamed reader's message holds the sections of `topics`.
    public func message(
        to address: EmailAddress, subscriber: Subscriber?, topics: [String] = [], date: Date
    ) throws -> OutgoingMessage {
        if let subscriber { return try message(for: subscriber, date: date) }
        var recipient = MessageRecipient(subscriberID: 0, address: address, fields: fields(topics: topics))
        recipient.sections = topics
        return try template.message(for: recipient, date: date)
    }
}
