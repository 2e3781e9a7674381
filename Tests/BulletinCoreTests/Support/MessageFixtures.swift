import BulletinCore
import Foundation

/// Settings, parts and recipients for the message tests, with fixed boundary and Message-IDs so output is stable.
enum MessageFixtures {
    static let secret = [UInt8](repeating: 7, count: 32)
    static let date = Date(timeIntervalSince1970: 1_795_000_000)

    static func settings(
        fromName: String = "Example Weekly", feedbackID: String? = "48:weekly:bulletin",
        extraHeaders: [MessageSettings.ExtraHeader] = [.init(name: "X-Campaign", value: "weekly 48")]
    ) throws -> MessageSettings {
        MessageSettings(
            from: Mailbox(name: fromName, address: try EmailAddress("news@example.org")),
            replyTo: Mailbox(name: "Editors", address: try EmailAddress("editors@example.org")),
            listName: "Example Weekly", listID: "weekly.example.org", linkBaseURL: "https://example.org/",
            unsubscribeAddress: try EmailAddress("unsubscribe@example.org"), feedbackID: feedbackID,
            extraHeaders: extraHeaders)
    }

    static let text = """
        Hello \(PersonalSlot.marker(PersonalSlot.firstName)),

        This week's most read articles:

        1. Why SQLite is enough — https://example.org/articles/sqlite-is-enough
        2. Нові правила для домашніх серверів — https://example.org/articles/home-servers

        Unsubscribe: \(PersonalSlot.marker(PersonalSlot.unsubscribeURL))
        Preferences: \(PersonalSlot.marker(PersonalSlot.preferencesURL))

        """

    static let html = """
        <!doctype html>
        <html><body>
        <p>Hello \(PersonalSlot.marker(PersonalSlot.name)),</p>
        <ol><li><a href="https://example.org/articles/sqlite-is-enough">Why SQLite is enough</a></li>
        <li><a href="https://example.org/articles/home-servers">Нові правила для домашніх серверів</a></li></ol>
        <p style="font-size: 12px; color: #666666; margin: 0 0 12px 0; padding: 0; line-height: 1.5; font-family: Helvetica, Arial, sans-serif;">\(String(repeating: "A long line without breaks. ", count: 40))</p>
        <p><a href="\(PersonalSlot.marker(PersonalSlot.unsubscribeURL))">Unsubscribe</a></p>
        </body></html>
        """

    static func template(
        settings: MessageSettings? = nil, subject: String = "Example Weekly: the week's most read articles",
        text: String = MessageFixtures.text, html: String = MessageFixtures.html, signers: [DKIMSigner] = [],
        randomIDs: Bool = false
    ) throws -> MessageTemplate {
        let resolved = try settings ?? Self.settings()
        let links = try LinkSigner(secret: secret)
        let fixedIDs: MessageIdentity.MessageIDMaker = { "\($0.subscriberID).2026-48@example.org" }
        return try MessageTemplate(
            settings: resolved, subject: subject, text: BodyTemplate(text, subtype: .plain),
            html: BodyTemplate(html, subtype: .html), issue: "2026-48", links: links, signers: signers,
            makeBoundary: { "=_bulletin_test" }, makeMessageID: randomIDs ? nil : fixedIDs)
    }

    static func recipient(_ id: Int64, _ address: String, _ name: String) throws -> MessageRecipient {
        MessageRecipient(subscriberID: id, address: try EmailAddress(address), name: name)
    }

    /// The decoded text of a fixture part as a subscriber sees it.
    static func personalized(_ text: String, values: [String: String], html: Bool) -> String {
        var out = text
        for (slot, value) in values {
            let escaped =
                html
                ? value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                    .replacingOccurrences(of: "'", with: "&#39;")
                : value
            out = out.replacingOccurrences(of: PersonalSlot.marker(slot), with: escaped)
        }
        return out
    }
}
