/// Whether a delivery failure is for good (`hard`) or may pass (`soft`), from its status code, its diagnostic
/// words and the report's action, the way mailbox providers word them.
///
/// Words about the address come first (a `550 5.7.1 … user unknown` is about the user), then mailbox-full and
/// policy words (a `552 5.2.2` or a `554 5.7.1 … blocked` is soft however permanent its code), then the code's
/// class and subject (RFC 3463).
///
/// - SeeAlso: RFC 3463 (enhanced status codes), RFC 3464 §2.3.3 (Action).
public enum BounceSeverity {
    /// Words that say the address does not exist, its domain does not, or the user has moved.
    static let addressGone = [
        "user unknown", "unknown user", "no such user", "no such mailbox", "no such recipient", "unknown recipient",
        "mailbox not found", "mailbox does not exist", "mailbox unavailable", "does not exist", "doesn't exist",
        "address not found", "couldn't be found", "could not be found", "wasn't found", "was not found",
        "recipient not found", "recipnotfound", "invalid recipient", "invalid mailbox", "invalid address",
        "recipient address rejected: user", "no mailbox here", "not a valid mailbox", "account has been disabled",
        "account is disabled", "account disabled", "account has been deleted", "account is inactive",
        "inactive account", "user inactive", "doesn't have a", "does not have a", "unrouteable address",
        "unroutable address", "host not found", "domain not found", "domain does not exist", "no mx record",
        "name or service not known", "nxdomain", "user has moved", "has moved", "no longer available",
        "not our customer", "mailbox is disabled", "recipient address rejected", "bad destination mailbox",
        "not listed in domino directory", "not listed in public name", "recipient name is not recognized",
        "no such address", "address unknown",
        "no such account", "account does not exist", "address does not exist", "no such domain",
        // German, French, Spanish, Italian, Portuguese, Dutch, Russian and Japanese reports say it so.
        "empfänger unbekannt", "benutzer unbekannt", "adresse unbekannt", "existiert nicht", "gibt es nicht",
        "n'existe pas", "inexistant", "destinataire inconnu", "utilisateur inconnu", "no existe",
        "usuario desconocido", "destinatario desconocido", "utente sconosciuto", "destinatario sconosciuto",
        "inesistente", "não existe", "usuário desconhecido", "destinatário desconhecido", "onbekende gebruiker",
        "onbekende ontvanger", "bestaat niet", "не существует",
        "несуществующ", "нет такого", "не найден", "見つかりませんでした", "存在しません",
    ]
    /// Words that say the domain takes no mail at all (RFC 7505's null MX): final whatever the code's class.
    static let takesNoMail = ["null mx", "doesn't receive email", "does not receive email", "does not accept mail"]
    /// Words that say the relay refused our own sender, not the recipient: a problem of our configuration, never a
    /// reason to drop a reader.
    static let aboutSender = [
        "sender address rejected", "sender rejected", "sender domain", "sender verify failed", "sender not allowed",
        "not owned by user", "envelope sender", "after mail from", "unroutable sender", "sender address",
        "domain of sender", "sender's domain",
    ]
    /// Words that say the mailbox is full.
    static let mailboxFull = [
        "mailbox full", "mailbox is full", "over quota", "quota exceeded", "exceeded storage", "exceeds quota",
        "insufficient storage", "out of storage", "mailbox size limit", "storage allocation", "inbox is full",
        "exceeds allowed size", "mailbox exceeds", "exceeded its quota", "over its quota", "quota full",
        "postfach voll", "speicherplatz", "boîte pleine", "boite pleine", "boîte aux lettres pleine",
        "buzón lleno", "casella piena", "переполнен",
    ]
    /// Words that say the message itself was too large: the next, smaller one may pass.
    static let tooLarge = [
        "too large", "too big", "size limit", "exceeds the maximum", "message size", "mail size", "zu groß",
        "trop volumineux", "demasiado grande",
    ]
    /// Words that say the message was refused for what it is or who sent it, not for the address.
    static let policy = [
        "spam", "blocked", "blacklist", "blocklist", "denylist", "reputation", "policy", "rate limit",
        "too many", "try again later", "temporarily", "temporary", "greylist", "graylist", "dmarc", "spf",
        "dkim", "content rejected", "message rejected", "not accepted", "unsolicited", "rejected due to",
    ]
    /// Words that say the receiving side could not be reached or did not answer in time: the sender's MTA gave
    /// up, but nothing is known about the address.
    static let unreachable = [
        "retry timeout exceeded", "timed out", "timeout", "connection refused", "connection reset",
        "network is unreachable", "no route to host", "service unavailable", "try again",
    ]

    /// Whether `text` has words this classifier reads (an address gone, a full mailbox, a policy block, …).
    static func saysWhy(_ text: String) -> Bool {
        let words = text.lowercased()
        return [addressGone, takesNoMail, aboutSender, mailboxFull, tooLarge, policy, unreachable].contains {
            $0.contains(where: words.contains)
        }
    }

    /// The severity of a failure, or nil for a report that is no failure (delivered, relayed, expanded).
    public static func classify(status: String?, diagnostic: String, action: String? = nil) -> InboundFinding.Kind? {
        let action = action?.lowercased().trimmingCharacters(in: .whitespaces)
        if let action, ["delivered", "relayed", "expanded"].contains(action) { return nil }
        if action == "delayed" { return .soft }
        let words = diagnostic.lowercased()
        var code = status.flatMap(EnhancedStatus.init)
        // A bare 5.0.0 in the Status field, a precise one in the server's words ("550 #5.1.0 Address rejected").
        if let general = code, general.subject == 0, let quoted = BounceText.statusCode(in: diagnostic),
            let precise = EnhancedStatus(quoted), precise.subject != 0, precise.klass == general.klass
        {
            code = precise
        }
        // A null MX is a final answer even where the reporter calls it temporary (Google says 4.0.0).
        if action == "failed" || code?.klass == 5, takesNoMail.contains(where: words.contains) { return .hard }
        if code?.klass == 4 { return .soft }
        // Bad sender mailbox (x.1.7) or sender address syntax (x.1.8), or the relay's own words about our sender.
        if code.map({ $0.subject == 1 && ($0.detail == 7 || $0.detail == 8) }) == true
            || aboutSender.contains(where: words.contains)
        {
            return .soft
        }
        if addressGone.contains(where: words.contains) { return .hard }
        if mailboxFull.contains(where: words.contains) || tooLarge.contains(where: words.contains) { return .soft }
        if policy.contains(where: words.contains) || unreachable.contains(where: words.contains) { return .soft }
        // Without a code or words that say the address is gone, nothing says the reader is: a false hard bounce
        // drops a live reader, a soft one only counts towards [bounces] soft_limit.
        guard let code else { return .soft }
        switch (code.subject, code.detail) {
        case (1, _): return .hard  // addressing: bad mailbox, bad domain, moved
        case (2, 1): return .hard  // mailbox disabled
        case (2, _): return .soft  // mailbox full, message too large for it
        case (4, 4): return .hard  // unable to route: the domain has no mail server
        case (0, _): return .soft  // a bare 550 or 5.0.0: the words above did not say the address is gone
        default: return .soft  // system, network, protocol, security and policy
        }
    }
}

/// An enhanced status code (`5.1.1`) or an SMTP reply code (`550`, read as `5.0.0`).
///
/// - SeeAlso: RFC 3463.
public struct EnhancedStatus: Sendable, Equatable {
    /// 2, 4 or 5.
    public let klass: Int
    /// The subject: 1 addressing, 2 mailbox, 3 mail system, 4 network, 5 protocol, 6 content, 7 security.
    public let subject: Int
    /// The detail within the subject.
    public let detail: Int

    /// Reads `5.1.1` or `550`; nil for anything else.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        // RFC 3463: class "." 1–3 digits "." 1–3 digits; a date (4.12.2026) or a version (2.6.32.1) is none.
        if parts.count == 3, parts[0].count == 1, (1...3).contains(parts[1].count), (1...3).contains(parts[2].count),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let klass = Int(parts[0]), let subject = Int(parts[1]), let detail = Int(parts[2]),
            [2, 4, 5].contains(klass)
        {
            (self.klass, self.subject, self.detail) = (klass, subject, detail)
        } else if trimmed.count == 3, let code = Int(trimmed), (200..<600).contains(code) {
            (self.klass, self.subject, self.detail) = (code / 100, 0, 0)
        } else {
            return nil
        }
    }
}
