import Crypto
import Foundation

/// Everything one issue's messages share, encoded once; ``message(for:date:)`` fills in one subscriber.
///
/// Shared header fields (From, Reply-To, Subject, MIME-Version, List-Id, List-Unsubscribe-Post, Feedback-ID,
/// extra fields, Content-Type) are encoded, folded and DKIM-canonicalized here; the text and HTML parts are
/// quoted-printable encoded around their personal slots (``BodyTemplate``), and the SHA-256 state of the body up
/// to its first slot is kept. A message then costs the To, Date, Message-ID and List-Unsubscribe fields, the
/// slot values, the rest of the body hash and one signature per DKIM key.
///
/// The message: `multipart/alternative` with text/plain first and text/html last, both UTF-8 quoted-printable;
/// CRLF line ends; header fields folded at 76 columns; One-Click List-Unsubscribe.
///
/// Render the parts once per issue with ``PersonalSlot/marker(_:)`` as the value of each personal variable, then:
///
/// ```swift
/// let template = try MessageTemplate(
///     settings: MessageSettings(configuration: configuration), subject: subject,
///     text: BodyTemplate(renderedText, subtype: .plain), html: BodyTemplate(renderedHTML, subtype: .html),
///     issue: "2026-48", links: links, signers: try configuration.dkim?.signers() ?? [])
/// for subscriber in subscribers {
///     let message = try template.message(for: MessageRecipient(subscriber), date: now)
///     // hand message.bytes to the transport, addressed to message.recipient
/// }
/// ```
///
/// The template is `Sendable`: several threads may build messages from one template at once.
///
/// - SeeAlso: RFC 5322, RFC 2045, RFC 2046 §5.1.4, RFC 2047, RFC 2369, RFC 2919, RFC 8058, RFC 6376.
public struct MessageTemplate: Sendable {
    /// The issue label signed into links.
    public let issue: String
    /// The DKIM keys every message is signed with, in the order the signatures appear.
    public let signers: [DKIMSigner]
    /// The lower-case names of the header fields DKIM signs, in order.
    public let signedHeaders: [String]
    /// The names listed once more at the end of `h=` ("oversigned"): a field that must appear only once, so a
    /// relay or attacker that adds another From, Subject or List-Unsubscribe breaks the signature.
    ///
    /// - SeeAlso: RFC 6376 §5.4.2, §8.15.
    public let oversignedHeaders: [String]

    private let preparedSigners: [DKIMSigner.Prepared]
    private let settings: MessageSettings
    private let links: LinkSigner
    private let makeMessageID: MessageIdentity.MessageIDMaker

    private let fromBlock: [UInt8]
    private let subjectField: [UInt8]
    private let middleBlock: [UInt8]
    private let tailBlock: [UInt8]
    private let canonicalFrom: [UInt8]
    private let canonicalSubject: [UInt8]
    private let canonicalMiddle: [UInt8]
    private let canonicalTail: [UInt8]

    private let body: [BodyTemplate.Piece]
    private let slots: [BodyTemplate.SlotPlacement]
    private let bodyPrefix: [UInt8]
    private let bodyPrefixHash: SHA256
    private let usesPreferences: Bool
    private let sections: [Section]

    /// One topic section, encoded once: spliced into a message whose recipient has its topic.
    public struct Section: Sendable {
        /// The topic's name.
        public let topic: String
        let text: BodyTemplate
        let html: BodyTemplate
        let textPlacements: [BodyTemplate.SlotPlacement]
        let htmlPlacements: [BodyTemplate.SlotPlacement]

        /// Encodes a section's rendered fragments (with ``PersonalSlot`` markers).
        public init(topic: String, text: String, html: String) {
            self.topic = topic
            self.text = BodyTemplate(text, subtype: .plain, fragment: true)
            self.html = BodyTemplate(html, subtype: .html, fragment: true)
            textPlacements = self.text.fragmentPlacements
            htmlPlacements = self.html.fragmentPlacements
        }

        /// Whether a slot of the fragments needs the preferences link.
        var usesPreferences: Bool { (text.slots + html.slots).contains(PersonalSlot.preferencesURL) }
    }

    /// Encodes an issue's shared parts.
    ///
    /// - Parameters:
    ///   - subject: the subject; neutralized, and RFC 2047 encoded when not ASCII.
    ///   - text: the text/plain part, with ``PersonalSlot`` markers where personal values go.
    ///   - html: the text/html part, likewise (slot values are HTML-escaped).
    ///   - issue: the label signed into links, like `2026-48`.
    ///   - sections: the topic sections, in the issue's order, that a recipient's ``MessageRecipient/sections``
    ///     choose from; spliced at the parts' ``PersonalSlot/sections`` marker.
    /// - Throws: ``MessageTemplateError`` for an unusable extra header or boundary.
    public init(
        settings: MessageSettings, subject: String, text: BodyTemplate, html: BodyTemplate, issue: String,
        links: LinkSigner, signers: [DKIMSigner] = [], sections: [Section] = [],
        makeBoundary: MessageIdentity.BoundaryMaker = MessageIdentity.randomBoundary,
        makeMessageID: MessageIdentity.MessageIDMaker? = nil
    ) throws {
        self.settings = settings
        self.issue = issue
        self.links = links
        self.signers = signers
        self.makeMessageID =
            makeMessageID ?? MessageIdentity.randomMessageID(domain: String(settings.from.address.domain))

        var from = HeaderWriter(name: "From")
        settings.from.appendHeader(to: &from)
        var replyToBytes: [UInt8] = []
        if let replyTo = settings.replyTo {
            var writer = HeaderWriter(name: "Reply-To")
            replyTo.appendHeader(to: &writer)
            replyToBytes = writer.bytes
        }
        var subjectWriter = HeaderWriter(name: "Subject")
        subjectWriter.appendText(HeaderText.neutralized(subject))
        subjectField = subjectWriter.bytes
        canonicalSubject = DKIMCanonicalization.relaxedHeader(subjectField)

        let boundary = makeBoundary()
        guard boundary.hasPrefix("=_"), boundary.utf8.count <= 70,
            boundary.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != 34 })
        else { throw MessageTemplateError.invalidBoundary(boundary) }

        let mimeVersion = Array("MIME-Version: 1.0\r\n".utf8)
        var listIDWriter = HeaderWriter(name: "List-Id")
        listIDWriter.appendText(HeaderText.neutralized(settings.listName))
        listIDWriter.append("<" + settings.listID + ">")
        let contentType = Array("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n".utf8)
        let post = Array("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n".utf8)
        var feedback: [UInt8] = []
        if let feedbackID = settings.feedbackID {
            guard HeaderText.isSafeASCIIValue(feedbackID) else {
                throw MessageTemplateError.invalidHeaderValue("Feedback-ID")
            }
            var writer = HeaderWriter(name: "Feedback-ID")
            writer.appendText(feedbackID)
            feedback = writer.bytes
        }
        var extras: [UInt8] = []
        for header in settings.extraHeaders {
            guard HeaderText.isValidName(header.name),
                !MessageSettings.reservedHeaderNames.contains(header.name.lowercased())
            else { throw MessageTemplateError.invalidHeaderName(header.name) }
            guard HeaderText.isSafeASCIIValue(header.value) else {
                throw MessageTemplateError.invalidHeaderValue(header.name)
            }
            var writer = HeaderWriter(name: header.name)
            writer.appendText(header.value)
            extras += writer.bytes
        }

        fromBlock = from.bytes + replyToBytes
        middleBlock = mimeVersion + listIDWriter.bytes
        tailBlock = post + feedback + extras + contentType + [13, 10]
        canonicalFrom =
            DKIMCanonicalization.relaxedHeader(from.bytes)
            + (replyToBytes.isEmpty ? [] : DKIMCanonicalization.relaxedHeader(replyToBytes))
        canonicalMiddle =
            DKIMCanonicalization.relaxedHeader(mimeVersion)
            + DKIMCanonicalization.relaxedHeader(contentType) + DKIMCanonicalization.relaxedHeader(listIDWriter.bytes)
        canonicalTail =
            DKIMCanonicalization.relaxedHeader(post)
            + (feedback.isEmpty ? [] : DKIMCanonicalization.relaxedHeader(feedback))
        signedHeaders =
            ["from"] + (replyToBytes.isEmpty ? [] : ["reply-to"])
            + [
                "to", "subject", "date", "message-id", "mime-version", "content-type", "list-id", "list-unsubscribe",
                "list-unsubscribe-post",
            ] + (feedback.isEmpty ? [] : ["feedback-id"])

        let (pieces, placements) = Self.assembleBody(text: text, html: html, boundary: boundary)
        body = pieces
        slots = placements
        if case .encoded(let first)? = pieces.first {
            bodyPrefix = first
        } else {
            bodyPrefix = []
        }
        var hasher = SHA256()
        hasher.update(data: bodyPrefix)
        bodyPrefixHash = hasher
        usesPreferences =
            (text.slots + html.slots).contains(PersonalSlot.preferencesURL)
            || sections.contains(where: \.usesPreferences)
        self.sections = sections
        let oversigned = ["from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post"]
        oversignedHeaders = oversigned
        // An oversigned name matches no further field, so it adds nothing to the hashed data, only to h=.
        let names = signedHeaders + oversigned
        preparedSigners = signers.map { $0.prepared(signedHeaders: names) }
    }

    /// The unsubscribe link for a subscriber (their id and link key).
    public func unsubscribeURL(subscriberID: Int64, key: Int64) -> String {
        links.link(baseURL: settings.linkBaseURL, .unsubscribe, subscriberID: subscriberID, key: key, issue: issue)
    }

    /// The preferences link for a subscriber (their id and link key).
    public func preferencesURL(subscriberID: Int64, key: Int64) -> String {
        links.link(baseURL: settings.linkBaseURL, .preferences, subscriberID: subscriberID, key: key, issue: issue)
    }

    /// One subscriber's message, signed with every configured DKIM key.
    ///
    /// - Throws: ``DKIMKeyError/signingFailed(_:)``.
    public func message(for recipient: MessageRecipient, date: Date) throws -> OutgoingMessage {
        let unsubscribeToken = links.token(
            .unsubscribe, subscriberID: recipient.subscriberID, key: recipient.linkKey, issue: issue)
        let unsubscribe = settings.linkBaseURL + LinkPurpose.unsubscribe.path + "?token=" + unsubscribeToken
        let preferences =
            usesPreferences ? preferencesURL(subscriberID: recipient.subscriberID, key: recipient.linkKey) : ""

        var bodyBytes = bodyPrefix
        bodyBytes.reserveCapacity(bodyPrefix.count * 2 + 4096)
        func value(_ name: String) -> String {
            switch name {
            case PersonalSlot.name: recipient.name
            case PersonalSlot.firstName: recipient.firstName
            case PersonalSlot.email: recipient.address.value
            case PersonalSlot.unsubscribeURL: unsubscribe
            case PersonalSlot.preferencesURL: preferences
            default: recipient.fields[name] ?? ""
            }
        }
        var slotIndex = 0
        for (index, piece) in body.enumerated() {
            switch piece {
            case .encoded(let bytes):
                if index > 0 { bodyBytes += bytes }
            case .slot(let name):
                let placement = slots[slotIndex]
                slotIndex += 1
                guard name == PersonalSlot.sections, !sections.isEmpty else {
                    BodyTemplate.appendSlot(value(name), placement: placement, to: &bodyBytes)
                    continue
                }
                guard !recipient.sections.isEmpty else { continue }
                for section in sections where recipient.sections.contains(section.topic) {
                    let isHTML = placement.subtype == .html
                    let fragment = isHTML ? section.html : section.text
                    let placements = isHTML ? section.htmlPlacements : section.textPlacements
                    var fragmentSlot = 0
                    for fragmentPiece in fragment.pieces {
                        switch fragmentPiece {
                        case .encoded(let bytes): bodyBytes += bytes
                        case .slot(let inner):
                            BodyTemplate.appendSlot(value(inner), placement: placements[fragmentSlot], to: &bodyBytes)
                            fragmentSlot += 1
                        }
                    }
                }
            }
        }

        var to = HeaderWriter(name: "To")
        Mailbox(name: recipient.name, address: recipient.address).appendHeader(to: &to)
        let toField = to.bytes
        let dateField = Array("Date: \(MessageDate.format(date))\r\n".utf8)
        let messageID = makeMessageID(recipient)
        var idWriter = HeaderWriter(name: "Message-ID")
        idWriter.append("<" + messageID + ">")
        let idField = idWriter.bytes
        var unsubscribeWriter = HeaderWriter(name: "List-Unsubscribe")
        unsubscribeWriter.append("<" + unsubscribe + ">")
        unsubscribeWriter.append(
            "<mailto:" + settings.unsubscribeAddress.value + "?subject=unsubscribe%20" + unsubscribeToken + ">",
            glue: ",")
        let unsubscribeField = unsubscribeWriter.bytes

        var out: [UInt8] = []
        if !signers.isEmpty {
            var hasher = bodyPrefixHash
            bodyBytes.withUnsafeBytes {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[bodyPrefix.count...]))
            }
            let bodyHash = Array(hasher.finalize())
            var canonical = canonicalFrom
            canonical += DKIMCanonicalization.relaxedHeader(toField)
            canonical += canonicalSubject
            canonical += DKIMCanonicalization.relaxedHeader(dateField)
            canonical += DKIMCanonicalization.relaxedHeader(idField)
            canonical += canonicalMiddle
            canonical += DKIMCanonicalization.relaxedHeader(unsubscribeField)
            canonical += canonicalTail
            let timestamp = Int64(date.timeIntervalSince1970.rounded(.down))
            for signer in preparedSigners {
                out += try signer.signatureField(canonicalHeaders: canonical, bodyHash: bodyHash, timestamp: timestamp)
            }
        }
        out.reserveCapacity(out.count + 1024 + bodyBytes.count)
        out += fromBlock
        out += toField
        out += subjectField
        out += dateField
        out += idField
        out += middleBlock
        out += unsubscribeField
        out += tailBlock
        out += bodyBytes
        return OutgoingMessage(messageID: messageID, recipient: recipient.address, bytes: out)
    }

    /// The body as pieces: each part's header and pieces, the closing delimiter; neighbouring shared bytes
    /// merged. Also returns where each slot sits, in order.
    private static func assembleBody(
        text: BodyTemplate, html: BodyTemplate, boundary: String
    )
        -> ([BodyTemplate.Piece], [BodyTemplate.SlotPlacement])
    {
        var raw: [BodyTemplate.Piece] = []
        var placements: [BodyTemplate.SlotPlacement] = []
        for (index, part) in [text, html].enumerated() {
            let header =
                (index == 0 ? "" : "\r\n") + "--\(boundary)\r\nContent-Type: text/\(part.subtype.rawValue); "
                + "charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            raw.append(.encoded(Array(header.utf8)))
            raw += part.pieces
            for (position, piece) in part.pieces.enumerated() {
                if case .slot = piece {
                    var endsLine = position == part.pieces.count - 1
                    if !endsLine, case .encoded(let next) = part.pieces[position + 1], next.first == 13 {
                        endsLine = true
                    }
                    placements.append(.init(subtype: part.subtype, endsLine: endsLine))
                }
            }
        }
        raw.append(.encoded(Array("\r\n--\(boundary)--\r\n".utf8)))
        var merged: [BodyTemplate.Piece] = []
        for piece in raw {
            if case .encoded(let bytes) = piece, case .encoded(let previous)? = merged.last {
                merged[merged.count - 1] = .encoded(previous + bytes)
            } else {
                merged.append(piece)
            }
        }
        return (merged, placements)
    }
}
