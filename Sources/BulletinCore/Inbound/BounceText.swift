import Foundation

/// Reads the human-readable bounces that MTAs still send without a delivery-status part — Exim, qmail, Sendmail,
/// Postfix without DSN, Exchange and Outlook, Gmail, Yahoo — by their known shapes: which lines name the failed
/// recipients and which the remote server's answer.
///
/// Everything after the marker that introduces the returned message ("Below this line is a copy of the message",
/// "------ This is a copy of the message", "Original message headers:") is the original, not the report, and is
/// not searched for recipients.
enum BounceText {
    /// Lines that start the copy of the returned message.
    static let copyMarkers = [
        "below this line is a copy of the message", "this is a copy of the message", "original message headers",
        "------ original message", "----- original message", "--- original message", "returned message follows",
        "unsent message below",
        "------ this is a copy of the message, including all the headers", "original message follows",
        "the header of the original message", "original message header", "a copy of the original message",
        "copie du message d'origine", "kopie der nachricht", "copia del mensaje original",
    ]

    /// Phrases that say a message is a bounce, in its subject or its text.
    static let subjectPhrases = [
        "undeliverable", "undelivered mail", "delivery status notification", "mail delivery failed",
        "delivery failure", "failure notice", "returned mail", "delivery has failed", "could not be delivered",
        "mail delivery failure", "undeliverable mail", "delivery notification", "non remis", "unzustellbar",
        "nicht zustellbar", "no se puede entregar", "warning: message", "delayed mail", "message not delivered",
        "mail failure", "non recapitabile", "não entregue", "onbestelbaar", "не доставлено",
        "échec de la remise", "échec de distribution", "fehlgeschlagen", "error de entrega",
    ]
    static let bodyPhrases = [
        "could not be delivered", "couldn't be delivered", "wasn't delivered", "was not delivered",
        "delivery has failed", "permanent error", "permanent fatal errors", "unable to deliver",
        "not able to deliver", "wasn't able to deliver", "could not deliver", "has not yet been delivered",
        "delivery to the following recipient", "following address(es) failed", "undeliverable",
        "i'm afraid i wasn't able to deliver", "message could not be delivered", "delivery incomplete",
        "address not found", "the following addresses had", "your message to", "delivery to these recipients",
        "did not reach the following recipient", "was not delivered to", "rejected your message to the following",
        "delivery to the following recipients failed", "the following recipients cannot be delivered",
        "konnte nicht zugestellt werden", "nicht zugestellt werden", "n'a pas pu être remis", "n'a pu être remis",
        "no pudo ser entregado", "no se pudo entregar", "non è stato possibile recapitare", "não pôde ser entregue",
        "kon niet worden bezorgd", "не может быть доставлено", "не удалось доставить", "送信できませんでした",
        "requested action not taken", "invalid user address",
    ]
    /// Lines that name the sender or other people, never a failed recipient ("MAIL FROM: …" in a report's
    /// message details).
    static let notRecipientLines = ["mail from:", "from:", "sender:", "reply-to:", "cc:", "return-path:"]
    /// Phrases that start the list of failed recipients; addresses before the first of them (Exchange's
    /// "Your message To: …" block, Domino's "Your message Subject: …") are the original's, not failures.
    static let recipientIntros = [
        "did not reach the following recipient", "was not delivered to", "wasn't delivered to",
        "could not be delivered to", "delivery has failed to these recipients", "following address",
        "following recipient", "following addresses", "rejected your message to the following",
    ]
    /// Phrases that say delivery is only late, not failed.
    static let delayPhrases = [
        "has not yet been delivered", "delivery incomplete", "will be retried", "will retry", "still trying",
        "delayed", "delivery delayed", "temporary failure", "not been delivered yet",
    ]

    /// Whether `subject` and `sender` look like an MTA's bounce.
    static func looksLikeBounce(subject: String, sender: String, text: String) -> Bool {
        let sender = sender.lowercased()
        let fromDaemon =
            sender.contains("mailer-daemon") || sender.contains("postmaster") || sender.contains("post_master")
            || sender.contains("mail delivery")
            || sender.contains("mail administrator") || sender.contains("microsoftexchange")
        let subject = subject.lowercased()
        let subjectSays = subjectPhrases.contains(where: subject.contains)
        let explained = explanation(of: text).lowercased()
        let textSays = bodyPhrases.contains(where: explained.contains)
        return (fromDaemon && (subjectSays || textSays)) || (subjectSays && textSays)
    }

    /// The report's own words, before the copy of the returned message.
    static func explanation(of text: String) -> Substring {
        // Searched in the text itself, not in a lower-cased copy: lower-casing can change a string's length
        // (İ becomes i̇), and an index of one is not an index of the other.
        var end = text.endIndex
        for marker in copyMarkers {
            if let range = text.range(of: marker, options: .caseInsensitive), range.lowerBound < end {
                end = range.lowerBound
            }
        }
        return text[..<end]
    }

    /// One recipient found in a bounce's text, with the status and the server's words near it.
    struct Failure: Equatable {
        var recipient: String
        var status: String?
        var diagnostic: String
    }

    /// The failed recipients named in a report's ``explanation(of:)``, each with the status code and remote answer
    /// that follow it; addresses in `ignoring` (the report's own sender and recipient, our addresses) are not
    /// recipients.
    static func failures(in explanation: Substring, ignoring: Set<String>) -> [Failure] {
        let lines = explanation.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if let intro = lines.firstIndex(where: { line in
            let lower = line.lowercased()
            return recipientIntros.contains(where: lower.contains)
        }), intro > 0 {
            let found = failures(in: lines[intro...], explanation: explanation, ignoring: ignoring)
            if !found.isEmpty { return found }
        }
        return failures(in: lines[...], explanation: explanation, ignoring: ignoring)
    }

    private static func failures(
        in lines: ArraySlice<String>, explanation: Substring, ignoring: Set<String>
    ) -> [Failure] {
        var found: [Failure] = []
        var seen = Set<String>()
        // The first answer anywhere in the report, for an address whose own lines quote none; searched once.
        var fallback: String?
        var searchedFallback = false
        for (index, line) in zip(lines.indices, lines) {
            let start = line.trimmingCharacters(in: .whitespaces).lowercased()
            if notRecipientLines.contains(where: start.hasPrefix) { continue }
            for address in addresses(in: line) where !seen.contains(address) && !ignoring.contains(address) {
                let local = address.split(separator: "@").first.map(String.init) ?? ""
                if ["mailer-daemon", "postmaster", "noreply", "no-reply"].contains(local) { continue }
                seen.insert(address)
                // The answer is on the address's line or within the next few lines (Exim indents it below,
                // qmail and Postfix put it after the colon, Sendmail in "(reason: …)").
                let window = lines[index..<min(lines.endIndex, index + 6)].joined(separator: " ")
                var quoted = serverAnswer(in: window)
                if quoted == nil {
                    if !searchedFallback {
                        fallback = serverAnswer(in: String(explanation))
                        searchedFallback = true
                    }
                    quoted = fallback
                }
                let answer = quoted ?? ""
                found.append(
                    Failure(
                        recipient: address, status: statusCode(in: answer) ?? statusCode(in: window),
                        diagnostic: oneLine(answer.isEmpty ? window : answer)))
            }
        }
        return found
    }

    private static let addressSeparators = Set(" \t<>()[]\"',;:=")
    private static let codeSeparators = Set(" \t\n\r<>()[]\"',;:#-")

    /// The addresses in a line, lower-cased, without angle brackets or trailing punctuation.
    static func addresses(in line: String) -> [String] {
        var result: [String] = []
        let separators = addressSeparators
        for token in line.split(whereSeparator: { separators.contains($0) }) {
            var candidate = token.trimmingCharacters(in: CharacterSet(charactersIn: ".…"))
            if candidate.lowercased().hasPrefix("mailto") { candidate = String(candidate.dropFirst(6)) }
            guard let at = candidate.firstIndex(of: "@"), at > candidate.startIndex,
                candidate[candidate.index(after: at)...].contains("."), !candidate.contains("/")
            else { continue }
            result.append(candidate.lowercased())
        }
        return result
    }

    /// The part of `text` that quotes the remote server: from its reply code on.
    static func serverAnswer(in text: String) -> String? {
        let patterns = [
            "said:", "smtp error from remote mail server after", "remote server returned",
            "the response from the remote server was:",
            "(reason:", "<<< 5", "<<< 4", "diagnostic-code:", "remote host said:",
        ]
        for pattern in patterns {
            if let range = text.range(of: pattern, options: .caseInsensitive) {
                return String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            }
        }
        // A line with a reply code and words: "550 5.1.1 <x@y>: Recipient address rejected".
        if let code = firstMatch(in: text, isCode: { $0.count == 3 && ($0.hasPrefix("5") || $0.hasPrefix("4")) }) {
            if let range = text.range(of: code) { return String(text[range.lowerBound...]) }
        }
        return nil
    }

    /// The first enhanced status code (`5.1.1`) in `text`, else the first SMTP reply code (`550`).
    static func statusCode(in text: String) -> String? {
        if let enhanced = firstMatch(in: text, isCode: { EnhancedStatus($0) != nil && $0.contains(".") }) {
            return enhanced
        }
        return firstMatch(in: text, isCode: { $0.count == 3 && EnhancedStatus($0).map { $0.klass >= 4 } == true })
    }

    private static func firstMatch(in text: String, isCode: (String) -> Bool) -> String? {
        for token in text.split(whereSeparator: { codeSeparators.contains($0) }) {
            let word = String(token).trimmingCharacters(in: CharacterSet(charactersIn: "."))
            if isCode(word) { return word }
        }
        return nil
    }

    /// Text on one line with runs of white space made one space, at most 300 characters.
    static func oneLine(_ text: some StringProtocol) -> String {
        HTMLText.truncate(HTMLText.collapseWhitespace(String(text)), limit: 300)
    }
}
