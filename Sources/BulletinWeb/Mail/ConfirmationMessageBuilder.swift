import BulletinApp
import BulletinCore
import Foundation

/// Builds the double opt-in message: a short personal text + HTML message carrying the signed confirm link.
///
/// The two parts are rendered once, with a personal slot (``PersonalSlot/marker(_:)``) where the link goes, and
/// handed to the ``MessageTemplate`` every issue uses, so the message has the same headers, DKIM signature and
/// one-click List-Unsubscribe as an issue.
public struct ConfirmationMessageBuilder: Sendable {
    /// The slot that carries the confirm link.
    static let confirmSlot = "confirm_url"
    /// The issue label signed into the message's unsubscribe link.
    static let issueLabel = "confirm"

    private let template: MessageTemplate
    private let linkBaseURL: String
    /// The envelope sender (bounces go there).
    public let sender: String

    /// Renders the parts and encodes the shared headers.
    ///
    /// - Parameter envelopeSender: where bounces go (``Configuration/envelopeSender``); the From address when nil.
    /// - Throws: ``MessageTemplateError`` for an unusable extra header.
    public init(
        settings: MessageSettings, templates: WebTemplates, links: LinkSigner, signers: [DKIMSigner],
        confirmDays: Int, envelopeSender: EmailAddress? = nil
    ) throws {
        let context: [String: Any] = [
            "newsletter": settings.listName, "confirm_url": PersonalSlot.marker(Self.confirmSlot), "days": confirmDays,
        ]
        template = try MessageTemplate(
            settings: settings, subject: "Confirm your subscription to \(settings.listName)",
            text: BodyTemplate(templates.render("confirm-mail.txt", context), subtype: .plain),
            html: BodyTemplate(templates.render("confirm-mail.html", context), subtype: .html),
            issue: Self.issueLabel, links: links, signers: signers)
        linkBaseURL = settings.linkBaseURL
        sender = (envelopeSender ?? settings.from.address).value
    }

    /// The confirm link of a request.
    public func confirmURL(_ request: ConfirmationRequest) -> String {
        linkBaseURL + LinkPurpose.confirm.path + "?token=" + request.token
    }

    /// The message for one request.
    ///
    /// - Throws: ``DKIMKeyError/signingFailed(_:)``.
    public func message(for request: ConfirmationRequest, date: Date) throws -> MailSubmission {
        let recipient = MessageRecipient(
            subscriberID: request.subscriberID, linkKey: request.linkKey, address: request.address, name: request.name,
            fields: [Self.confirmSlot: confirmURL(request)])
        let message = try template.message(for: recipient, date: date)
        return MailSubmission(id: DeliveryID(request.subscriberID), sender: sender, message: message)
    }
}
