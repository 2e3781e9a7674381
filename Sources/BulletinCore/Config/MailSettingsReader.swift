import Foundation

/// Reads and checks the message keys of `[newsletter]` and `[links]`.
enum MailSettingsReader {
    /// The message settings, with their defaults filled in from `[newsletter]`.
    ///
    /// - Throws: ``ConfigurationError`` naming the key at fault.
    static func read(_ reader: ConfigurationReader, newsletter: Configuration.Newsletter) throws
        -> Configuration.Mail
    {
        let listID = try reader.optionalString("newsletter", "list_id") ?? defaultListID(newsletter.from.address)
        guard isListID(listID) else {
            throw ConfigurationError(
                file: reader.file, key: "newsletter.list_id",
                problem: "'\(listID)' is not a list identifier; write it like weekly.example.org (RFC 2919).")
        }
        let feedbackID = try reader.optionalString("newsletter", "feedback_id")
        if let feedbackID, !HeaderText.isSafeASCIIValue(feedbackID) || feedbackID.utf8.count > 200 {
            throw ConfigurationError(
                file: reader.file, key: "newsletter.feedback_id",
                problem: "must be printable ASCII of at most 200 characters, like \"issue:weekly:bulletin\".")
        }
        let baseURL =
            reader.value("links", "base_url") == nil
            ? newsletter.siteURL : try reader.webURL("links", "base_url")
        let unsubscribe = try reader.optionalString("links", "unsubscribe_email").map {
            try reader.mailbox("links", "unsubscribe_email", text: $0).address
        }
        return Configuration.Mail(
            listID: listID, feedbackID: feedbackID, extraHeaders: try extraHeaders(reader),
            linkBaseURL: baseURL, unsubscribeAddress: unsubscribe ?? newsletter.from.address)
    }

    /// `news@example.org` gives `news.example.org`.
    static func defaultListID(_ from: EmailAddress) -> String {
        let local = String(from.localPart.lowercased().unicodeScalars.filter { isLabelScalar($0) })
        return (local.isEmpty ? "newsletter" : local) + "." + from.domain
    }

    /// A dot-atom of letters, digits and hyphens with at least two labels, at most 255 characters.
    static func isListID(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return text.utf8.count <= 255 && labels.count >= 2
            && labels.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(isLabelScalar) }
    }

    /// An ASCII letter, digit or hyphen.
    static func isLabelScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
    }

    private static func extraHeaders(_ reader: ConfigurationReader) throws -> [MessageSettings.ExtraHeader] {
        guard let raw = reader.value("newsletter", "extra_headers") else { return [] }
        guard let table = raw.table else {
            throw ConfigurationError(
                file: reader.file, key: "newsletter.extra_headers",
                problem: "must be a table of header names and values, like { \"X-Campaign\" = \"weekly\" }.")
        }
        var headers: [MessageSettings.ExtraHeader] = []
        for name in table.keys.sorted() {
            let key = "newsletter.extra_headers.\(name)"
            guard HeaderText.isValidName(name), !MessageSettings.reservedHeaderNames.contains(name.lowercased())
            else {
                throw ConfigurationError(
                    file: reader.file, key: key,
                    problem: "is not a header Bulletin can add: use printable ASCII without a colon, and not a "
                        + "field Bulletin writes itself (From, To, Subject, List-*, Content-*, …).")
            }
            guard let value = table[name]?.string, HeaderText.isSafeASCIIValue(value) else {
                throw ConfigurationError(
                    file: reader.file, key: key,
                    problem: "must be a non-empty string of printable ASCII (no line breaks), at most 900 characters.")
            }
            headers.append(.init(name: name, value: value))
        }
        return headers
    }
}
