import Foundation

/// Tells what an inbound message is — a delivery status notification, an MTA's plain-text bounce, a feedback-loop
/// complaint, an unsubscribe by mail, an automatic reply, or something else — and which recipient of ours it is
/// about.
///
/// Pure: it reads one message and says what it found; verifying a VERP tag or an unsubscribe token, and changing a
/// subscriber, are the caller's.
///
/// - SeeAlso: RFC 3464 (DSN), RFC 6522 (multipart/report), RFC 5965 (ARF), RFC 3834 (automatic responses),
///   RFC 2369 (List-Unsubscribe).
public struct InboundClassifier: Sendable {
    /// The address bounces come back to (`[bounces] address`): `bounces+TAG@example.org` carries a tag.
    public var bounceAddress: EmailAddress?
    /// The List-Unsubscribe mailto address.
    public var unsubscribeAddress: EmailAddress?
    /// Our sending addresses (From, envelope sender): never a failed recipient.
    public var ownAddresses: Set<String>

    /// Creates a classifier for a newsletter's addresses.
    public init(bounceAddress: EmailAddress?, unsubscribeAddress: EmailAddress?, ownAddresses: [EmailAddress]) {
        self.bounceAddress = bounceAddress
        self.unsubscribeAddress = unsubscribeAddress
        self.ownAddresses = Set(ownAddresses.map { $0.value.lowercased() })
    }

    /// What `message` says, one finding per recipient it names (at least one finding).
    public func classify(_ message: ArraySlice<UInt8>) -> [InboundFinding] {
        classify(InboundEntity(message))
    }

    /// The most of a message's readable text the heuristics search: a plain bounce says what it is in its first
    /// kilobytes, and some quote the whole returned message after that.
    static let readableTextLimit = 256 << 10

    /// What is read once per message and used by every step.
    private struct Reading {
        let message: InboundEntity
        /// The returned original (or its header), when the report carries it.
        let original: InboundEntity?
        /// The VERP tag where the report was delivered to, else in the original's envelope sender.
        let tag: String?
        /// The unsubscribe token in the original's List-Unsubscribe field.
        let token: String?
        /// The readable text, cut at ``readableTextLimit``.
        let text: String
    }

    /// What a parsed message says, each finding dated by the report (``InboundFinding/reportedAt``).
    public func classify(_ message: InboundEntity) -> [InboundFinding] {
        let date = Self.reportDate(message)
        return findings(message).map { finding in
            var dated = finding
            dated.reportedAt = date
            return dated
        }
    }

    /// The Arrival-Date of a delivery-status or feedback report, else the message's Date field.
    static func reportDate(_ message: InboundEntity) -> Date? {
        let report = message.allEntities.first {
            $0.contentType.type == "message"
                && ["delivery-status", "global-delivery-status", "feedback-report"].contains($0.contentType.subtype)
        }
        let arrival = report.flatMap { entity in
            fieldGroups(entity.decodedBody).lazy.flatMap { $0 }.first { $0.name == "arrival-date" }?.value
        }
        return arrival.flatMap(MessageDate.parse) ?? message.field("date").flatMap(MessageDate.parse)
    }

    private func findings(_ message: InboundEntity) -> [InboundFinding] {
        let entities = message.allEntities
        let original = entities.first { $0.contentType.isEmbeddedMessage }?.parts.first
        let fullText = message.readableText
        let reading = Reading(
            message: message, original: original,
            tag: verpTag(in: message) ?? original.flatMap(verpTagInOriginal),
            token: original.flatMap(Self.unsubscribeToken),
            text: fullText.count > Self.readableTextLimit ? String(fullText.prefix(Self.readableTextLimit)) : fullText)
        let tag = reading.tag
        if let feedback = entities.first(where: {
            $0.contentType.type == "message" && $0.contentType.subtype == "feedback-report"
        }) {
            return complaint(reading, report: feedback)
        }
        if let reported = original?.field("x-hmxmroriginalrecipient") {
            // Outlook.com's and Hotmail's complaints (JMRP) carry no feedback-report part: the original comes back
            // whole, with the address that complained in its own field.
            return [
                InboundFinding(
                    kind: .complaint, recipient: BounceText.addresses(in: reported).first,
                    diagnostic: BounceText.oneLine("complaint (" + (message.decodedField("subject") ?? "") + ")"),
                    tag: tag, token: reading.token, detail: "abuse")
            ]
        }
        if let notification = sesNotification(reading) { return notification }
        if message.field("x-apple-unsubscribe")?.lowercased().trimmingCharacters(in: .whitespaces) == "true" {
            // Apple Mail's "Unsubscribe" button mails the List-Unsubscribe address itself, marked as an
            // automatic message: a request all the same.
            let subject = message.decodedField("subject") ?? ""
            let words = subject.split(separator: " ")
            return [
                InboundFinding(
                    kind: .unsubscribe, recipient: senderAddress(message), diagnostic: BounceText.oneLine(subject),
                    token: words.count == 2 && words[0].lowercased() == "unsubscribe" ? String(words[1]) : nil)
            ]
        }
        if let status = entities.first(where: {
            $0.contentType.type == "message"
                && ["delivery-status", "global-delivery-status"].contains($0.contentType.subtype)
        }) {
            let findings = deliveryStatus(reading, report: status)
            if !findings.isEmpty { return findings }
        }
        let subject = message.decodedField("subject") ?? ""
        let sender = (message.field("from") ?? "") + " " + (message.field("return-path") ?? "")
        let isBounce = BounceText.looksLikeBounce(subject: subject, sender: sender, text: reading.text)
        if isAutoReply(message, subject: subject), !isBounce {
            return [
                InboundFinding(
                    kind: .autoReply, recipient: senderAddress(message), diagnostic: BounceText.oneLine(subject),
                    tag: tag)
            ]
        }
        if isBounce { return plainBounce(reading, subject: subject) }
        if let unsubscribe = unsubscribeRequest(message, subject: subject) { return [unsubscribe] }
        return [
            InboundFinding(
                kind: .other, recipient: senderAddress(message), diagnostic: BounceText.oneLine(subject), tag: tag)
        ]
    }

    // MARK: - Delivery status notifications

    private func deliveryStatus(_ reading: Reading, report: InboundEntity) -> [InboundFinding] {
        let tag = reading.tag
        let failedRecipients = Self.failedRecipients(reading.message)
        let groups = Self.fieldGroups(report.decodedBody)
        let explanation = BounceText.oneLine(String(BounceText.explanation(of: reading.text)).prefix(300))
        var findings: [InboundFinding] = []
        // The per-message group has no recipient and no action, and is skipped like any such group.
        for group in groups {
            func value(_ name: String) -> String? { group.first { $0.name == name }?.value }
            var recipient = (value("final-recipient") ?? value("original-recipient")).map(Self.addressOfTypedField)
            guard recipient != nil || value("action") != nil else { continue }
            if recipient?.contains("@") != true {
                // A local delivery names a file or a pipe (Exim's "save to /mail/spool/…"): the address is the
                // Original-Recipient, or the one X-Failed-Recipients names.
                let original = value("original-recipient").map(Self.addressOfTypedField)
                recipient =
                    original?.contains("@") == true
                    ? original : (failedRecipients.count == 1 ? failedRecipients.first : recipient)
            }
            let status = value("status")?.split(separator: " ").first.map(String.init)
            let diagnostic = value("diagnostic-code").map(Self.withoutType) ?? ""
            let action = value("action")?.lowercased()
            // Without a Diagnostic-Code the report's own words say why ("mailbox is full: retry timeout exceeded").
            guard
                let kind = BounceSeverity.classify(
                    status: status, diagnostic: diagnostic.isEmpty ? explanation : diagnostic, action: action)
            else {
                findings.append(
                    InboundFinding(
                        kind: .other, recipient: recipient, status: status, diagnostic: diagnostic, tag: tag,
                        detail: action))
                continue
            }
            findings.append(
                InboundFinding(
                    kind: kind, recipient: recipient, status: status,
                    diagnostic: BounceText.oneLine(diagnostic.isEmpty ? explanation : diagnostic), tag: tag,
                    token: reading.token, detail: action))
        }
        return findings
    }

    /// The blocks of `name: value` fields of a delivery-status or feedback-report body, separated by blank lines.
    static func fieldGroups(_ body: [UInt8]) -> [[(name: String, value: String)]] {
        var groups: [[(name: String, value: String)]] = []
        var rest = body[...]
        while !rest.isEmpty {
            // Blank lines between groups.
            while let first = rest.first, first == UInt8(ascii: "\r") || first == UInt8(ascii: "\n") {
                rest = rest.dropFirst()
            }
            if rest.isEmpty { break }
            let (fields, next) = InboundEntity.parseHeader(rest)
            if fields.isEmpty { break }
            groups.append(fields)
            guard next > rest.startIndex else { break }
            rest = rest[next...]
        }
        return groups
    }

    /// `rfc822; reader@example.net` → `reader@example.net`.
    static func addressOfTypedField(_ value: String) -> String {
        var address = withoutType(value).trimmingCharacters(in: CharacterSet(charactersIn: " <>"))
        if let space = address.firstIndex(of: " ") { address = String(address[..<space]) }
        return address.trimmingCharacters(in: CharacterSet(charactersIn: "<>")).lowercased()
    }

    /// `smtp; 550 5.1.1 …` → `550 5.1.1 …`.
    static func withoutType(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value }
        let type = value[..<semicolon].trimmingCharacters(in: .whitespaces).lowercased()
        guard
            ["rfc822", "smtp", "x-postfix", "x-local", "utf-8", "x-unix", "x-exim", "dns"].contains(type)
                || !type.contains(" ")
        else { return value }
        return value[value.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
    }

    // MARK: - Plain-text bounces

    private func plainBounce(_ reading: Reading, subject: String) -> [InboundFinding] {
        let (message, text, tag, token) = (reading.message, reading.text, reading.tag, reading.token)
        var ignoring = ownAddresses
        for name in ["from", "to", "return-path", "delivered-to", "x-original-to", "reply-to", "sender"] {
            for value in message.allFields(name) { ignoring.formUnion(BounceText.addresses(in: value)) }
        }
        if let bounceAddress { ignoring.insert(bounceAddress.value.lowercased()) }
        let explained = BounceText.explanation(of: text)
        var failures = BounceText.failures(in: explained, ignoring: ignoring)
        let named = Self.failedRecipients(message)
        if !named.isEmpty {
            // Exim and Gmail name the failed recipients in X-Failed-Recipients: those, and only those, failed.
            let words = BounceText.oneLine(explained.prefix(400))
            failures = named.map { address in
                failures.first { $0.recipient == address }
                    ?? BounceText.Failure(
                        recipient: address, status: BounceText.statusCode(in: words), diagnostic: words)
            }
        }
        let explanation = explained.lowercased()
        let delayed =
            BounceText.delayPhrases.contains(where: explanation.contains)
            || subject.lowercased().contains("delay") || subject.lowercased().contains("warning")
        guard !failures.isEmpty else {
            // A bounce that names nobody readable; the tag may still tell whose it was.
            let words = BounceText.oneLine(explained.prefix(400))
            let kind =
                delayed
                ? .soft
                : (BounceSeverity.classify(status: BounceText.statusCode(in: words), diagnostic: words) ?? .soft)
            return [
                InboundFinding(
                    kind: kind, status: BounceText.statusCode(in: words), diagnostic: words, tag: tag, token: token)
            ]
        }
        return failures.map { failure in
            // A report about one recipient whose own lines give no reason gives it elsewhere ("The user(s)
            // account is disabled." above the address).
            let reason =
                failures.count == 1 && failure.status == nil && !BounceSeverity.saysWhy(failure.diagnostic)
                ? failure.diagnostic + " " + BounceText.oneLine(explained.prefix(1000)) : failure.diagnostic
            let kind: InboundFinding.Kind =
                delayed && EnhancedStatus(failure.status ?? "")?.klass != 5
                ? .soft
                : (BounceSeverity.classify(status: failure.status, diagnostic: reason, action: "failed") ?? .soft)
            return InboundFinding(
                kind: kind, recipient: failure.recipient, status: failure.status,
                diagnostic: reason == failure.diagnostic ? failure.diagnostic : BounceText.oneLine(reason),
                tag: tag, token: token, detail: delayed ? "delayed" : "failed")
        }
    }

    // MARK: - Amazon SES notifications

    /// Amazon SES's bounce and complaint notifications, mailed as JSON by SNS (the notification itself, or
    /// wrapped in an SNS envelope's `Message` string): one finding per recipient they name; nil for anything else.
    private func sesNotification(_ reading: Reading) -> [InboundFinding]? {
        let text = reading.text
        guard text.contains("notificationType"), let start = text.firstIndex(of: "{"),
            let end = text.lastIndex(of: "}"), start < end,
            var json = (try? JSONSerialization.jsonObject(with: Data(text[start...end].utf8))) as? [String: Any]
        else { return nil }
        if json["notificationType"] == nil, let wrapped = json["Message"] as? String,
            let inner = (try? JSONSerialization.jsonObject(with: Data(wrapped.utf8))) as? [String: Any]
        {
            json = inner
        }
        guard let type = (json["notificationType"] as? String)?.lowercased() else { return nil }
        let mail = json["mail"] as? [String: Any]
        let source = (mail?["source"] as? String) ?? ""
        let tag = reading.tag ?? bounceAddress.flatMap { Self.tag(in: source, bounceAddress: $0) }
        switch type {
        case "bounce":
            let bounce = json["bounce"] as? [String: Any] ?? [:]
            let permanent = (bounce["bounceType"] as? String)?.lowercased() == "permanent"
            let recipients = bounce["bouncedRecipients"] as? [[String: Any]] ?? []
            let findings = recipients.compactMap { recipient -> InboundFinding? in
                guard let address = recipient["emailAddress"] as? String else { return nil }
                let status = recipient["status"] as? String
                let diagnostic = (recipient["diagnosticCode"] as? String).map(Self.withoutType) ?? ""
                // A transient bounce (mailbox full, too large, content refused) is soft whatever its words.
                let kind =
                    permanent
                    ? (BounceSeverity.classify(status: status, diagnostic: diagnostic, action: "failed") ?? .soft)
                    : .soft
                return InboundFinding(
                    kind: kind, recipient: address.lowercased(), status: status,
                    diagnostic: BounceText.oneLine(diagnostic), tag: tag,
                    detail: (bounce["bounceSubType"] as? String).map { "ses \($0)" })
            }
            return findings.isEmpty ? nil : findings
        case "complaint":
            let complaint = json["complaint"] as? [String: Any] ?? [:]
            let type = (complaint["complaintFeedbackType"] as? String)?.lowercased() ?? "abuse"
            let recipients = (complaint["complainedRecipients"] as? [[String: Any]] ?? []).compactMap {
                ($0["emailAddress"] as? String)?.lowercased()
            }
            guard !recipients.isEmpty else { return nil }
            return recipients.map {
                InboundFinding(
                    kind: Self.notComplaints.contains(type) ? .other : .complaint, recipient: $0,
                    diagnostic: "Amazon SES complaint (\(type))", tag: tag, detail: type)
            }
        default:
            return nil
        }
    }

    // MARK: - Complaints

    /// Feedback types that are no reader's complaint: a mailbox provider's "this was not spam", and RFC 6591's
    /// authentication-failure reports (DMARC, SPF, DKIM), which are about our domain's setup.
    static let notComplaints: Set<String> = ["not-spam", "auth-failure", "dkim", "spf", "dmarc"]

    private func complaint(_ reading: Reading, report: InboundEntity) -> [InboundFinding] {
        let fields = Self.fieldGroups(report.decodedBody).flatMap { $0 }
        func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        let type = (value("feedback-type") ?? "abuse").lowercased().trimmingCharacters(in: .whitespaces)
        let original = reading.original
        var recipient = value("original-rcpt-to").map(Self.addressOfTypedField)
        if recipient == nil || recipient?.contains("@") != true, let to = original?.field("to") {
            recipient = BounceText.addresses(in: to).first
        }
        if let candidate = recipient, candidate.contains("redacted") || candidate.contains("***") { recipient = nil }
        let reportedSender = value("original-mail-from").flatMap { sender in
            bounceAddress.flatMap { Self.tag(in: sender, bounceAddress: $0) }
        }
        return [
            InboundFinding(
                kind: Self.notComplaints.contains(type) ? .other : .complaint, recipient: recipient, status: nil,
                diagnostic: BounceText.oneLine(
                    "feedback report (\(type))" + (value("user-agent").map { " from \($0)" } ?? "")),
                tag: reading.tag ?? reportedSender, token: reading.token, detail: type)
        ]
    }

    // MARK: - Unsubscribes and automatic replies

    private func unsubscribeRequest(_ message: InboundEntity, subject: String) -> InboundFinding? {
        let recipients = ["to", "delivered-to", "x-original-to", "envelope-to", "cc"].flatMap {
            message.allFields($0).flatMap(BounceText.addresses)
        }
        let toUs = unsubscribeAddress.map { recipients.contains($0.value.lowercased()) } ?? false
        let words = subject.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        let saysUnsubscribe = words.first?.lowercased() == "unsubscribe"
        guard saysUnsubscribe || (toUs && subject.lowercased().contains("unsubscribe")) else { return nil }
        guard toUs || saysUnsubscribe && words.count == 2 else { return nil }
        let token = words.count == 2 ? String(words[1]).trimmingCharacters(in: .whitespaces) : nil
        return InboundFinding(
            kind: .unsubscribe, recipient: senderAddress(message), diagnostic: BounceText.oneLine(subject),
            token: token?.isEmpty == false ? token : nil)
    }

    /// RFC 3834's `Auto-Submitted: auto-replied`, the vacation programs' own fields, and the subjects mail
    /// programs give their out-of-office answers.
    private func isAutoReply(_ message: InboundEntity, subject: String) -> Bool {
        let autoSubmitted = message.field("auto-submitted")?.lowercased() ?? "no"
        if autoSubmitted.hasPrefix("auto-replied") { return true }
        if message.field("x-autoreply") != nil || message.field("x-autorespond") != nil
            || message.field("x-autoresponder") != nil
        {
            return true
        }
        if let precedence = message.field("precedence")?.lowercased(), precedence.contains("auto_reply") { return true }
        let lower = subject.lowercased()
        let prefixes = [
            "auto:", "automatic reply", "autoreply", "auto-reply", "auto reply", "out of office", "out of the office",
            "abwesenheitsnotiz", "automatische antwort", "réponse automatique", "respuesta automática",
            "risposta automatica", "automatisch antwoord", "vacation", "away from", "autosvar",
        ]
        return prefixes.contains(where: lower.contains) && (autoSubmitted != "no" || !lower.hasPrefix("re:"))
    }

    // MARK: - Who it is about

    /// The tag of `bounces+TAG@domain` in the addresses the report was delivered to.
    private func verpTag(in message: InboundEntity) -> String? {
        guard let bounceAddress else { return nil }
        for name in ["delivered-to", "x-original-to", "envelope-to", "to", "x-envelope-to", "original-recipient"] {
            for value in message.allFields(name) {
                if let tag = Self.tag(in: value, bounceAddress: bounceAddress) { return tag }
            }
        }
        return nil
    }

    /// The tag in the returned original's envelope sender (its Return-Path), as a feedback loop quotes it.
    private func verpTagInOriginal(_ original: InboundEntity) -> String? {
        guard let bounceAddress else { return nil }
        for value in original.allFields("return-path") + original.allFields("sender") {
            if let tag = Self.tag(in: value, bounceAddress: bounceAddress) { return tag }
        }
        return nil
    }

    static func tag(in value: String, bounceAddress: EmailAddress) -> String? {
        let parts = bounceAddress.value.lowercased().split(separator: "@", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let (local, domain) = (parts[0], parts[1])
        for address in BounceText.addresses(in: value) {
            let pieces = address.split(separator: "@", maxSplits: 1)
            guard pieces.count == 2, pieces[1] == domain, pieces[0].hasPrefix(local + "+") else { continue }
            let tag = pieces[0].dropFirst(local.count + 1)
            if !tag.isEmpty { return String(tag) }
        }
        return nil
    }

    /// The unsubscribe token in a returned original's List-Unsubscribe field (`?token=…` or the mailto subject).
    private static func unsubscribeToken(in original: InboundEntity) -> String? {
        guard let field = original.field("list-unsubscribe") else { return nil }
        for link in field.split(separator: ",") {
            let text = link.trimmingCharacters(in: CharacterSet(charactersIn: " <>"))
            if let range = text.range(of: "subject=unsubscribe%20") {
                return String(text[range.upperBound...].prefix { $0 != "&" && $0 != ">" })
            }
            if let components = URLComponents(string: text),
                let token = components.queryItems?.first(where: { $0.name.lowercased() == "token" })?.value
            {
                return token
            }
        }
        return nil
    }

    /// The addresses of a report's X-Failed-Recipients fields (Exim, Gmail), lower-cased, in order.
    static func failedRecipients(_ message: InboundEntity) -> [String] {
        var seen = Set<String>()
        return message.allFields("x-failed-recipients").flatMap(BounceText.addresses).filter {
            seen.insert($0).inserted
        }
    }

    /// The address the message came from (Reply-To is not used: a person asks from their own address).
    private func senderAddress(_ message: InboundEntity) -> String? {
        BounceText.addresses(in: message.field("from") ?? "").first
    }
}
