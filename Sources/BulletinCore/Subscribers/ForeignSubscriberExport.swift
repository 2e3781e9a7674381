import Foundation

/// The newsletter tools whose subscriber exports `import` reads as those tools write them (`--from`).
public enum SubscriberExportTool: String, CaseIterable, Sendable {
    case mailchimp
    case listmonk
    case substack
    case buttondown

    /// The tool's name as people write it.
    public var displayName: String {
        switch self {
        case .mailchimp: return "Mailchimp"
        case .listmonk: return "listmonk"
        case .substack: return "Substack"
        case .buttondown: return "Buttondown"
        }
    }

    /// Every tool's `--from` name, for messages: "mailchimp, listmonk, substack, buttondown".
    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// How an import changes a subscriber's status, as the other tool recorded it: when, and why. It becomes the
/// history entry of the change, with its original time.
public struct ImportedStatusChange: Sendable, Equatable {
    /// When the tool says it happened (seconds since 1970); nil when it does not say.
    public var at: Int64?
    /// Why, for the history: "Mailchimp: unsubscribed (normal_unsubscribe)".
    public var reason: String

    /// A change at `at` for `reason`.
    public init(at: Int64?, reason: String) {
        self.at = at
        self.reason = reason
    }
}

/// A subscriber export written by another newsletter tool, recognized from its header row, and how its rows
/// become subscribers.
///
/// The formats, as the tools write them:
/// - **Mailchimp** (Audience → Export audience: a ZIP of `subscribed_…`, `unsubscribed_…` and `cleaned_…` CSV
///   files): `"Email Address","First Name","Last Name",…,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,
///   CONFIRM_IP,…,LEID,EUID,NOTES,TAGS`; the unsubscribed file adds `UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,
///   UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER`, the cleaned file `CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,
///   CLEAN_CAMPAIGN_ID`. Times are UTC, `2024-02-03 10:00:00`; `TAGS` is `"News","Economy"` (each tag quoted,
///   comma-separated) or a plain list. An unsubscribed file imports as unsubscribed, a cleaned one as bounced.
///   The other columns are attributes, as in Bulletin's own format.
/// - **listmonk** (Subscribers → Export): `uuid,email,name,attributes,status,created_at,updated_at`, attributes
///   a JSON object, times as Go prints them (`2024-01-15 10:00:00.123456 +0000 UTC`), status `enabled`,
///   `disabled` or `blocklisted`; its import format `email,name,attributes` too. Blocklisted and disabled
///   import as unsubscribed, at `updated_at`.
/// - **Substack** (Settings → Export: `email_list.<publication>.csv`): `email,active_subscription,expiry,plan,
///   email_disabled,created_at,first_payment_at`, times like `2024-01-15T10:00:00.000Z`. A reader with
///   `email_disabled` true imports as unsubscribed.
/// - **Buttondown** (Subscribers → Export): the subscriber's fields, `email` (or `email_address`), `notes`,
///   `metadata` (JSON), `tags`, `creation_date`, `subscriber_type` (or `type`: `regular`, `premium`,
///   `unactivated`, `unsubscribed`, `removed`, `undeliverable`, `complained`, …), and the dates of its
///   changes (`unsubscription_date`, `undeliverability_date`).
public struct ForeignSubscriberExport: Sendable {
    /// Which Mailchimp file: the three a Mailchimp audience export holds.
    public enum MailchimpFile: String, Sendable {
        case subscribed
        case unsubscribed
        case cleaned
    }

    /// The tool, and for Mailchimp which of its files.
    public enum Kind: Sendable, Equatable {
        case mailchimp(MailchimpFile)
        case listmonk
        case substack
        case buttondown

        /// The tool.
        public var tool: SubscriberExportTool {
            switch self {
            case .mailchimp: return .mailchimp
            case .listmonk: return .listmonk
            case .substack: return .substack
            case .buttondown: return .buttondown
            }
        }
    }

    /// What the file is.
    public let kind: Kind
    /// Each column's position, by its name in lower case.
    private let columns: [String: Int]
    /// Where the address is.
    public let emailColumn: Int
    /// How many fields every row has.
    public let columnCount: Int
    /// The columns kept as attributes (Mailchimp's columns other than ``mailchimpFieldColumns``), by position.
    private let attributeColumns: [(index: Int, key: String)]

    /// What the file was read as, for the one line an import prints: "a Mailchimp unsubscribed export".
    public var description: String {
        switch kind {
        case .mailchimp(let file): return "a Mailchimp \(file.rawValue) export"
        default: return "a \(kind.tool.displayName) export"
        }
    }

    /// The Mailchimp columns read into the subscriber's own fields and history; every other column (the merge
    /// fields, `First Name` and `Last Name` too, and Mailchimp's MEMBER_RATING, LEID, …) stays an attribute, as
    /// an import of the file in Bulletin's own format kept them.
    private static let mailchimpFieldColumns: Set<String> = [
        "email address", "tags", "optin_time", "confirm_time", "unsub_time", "unsub_reason", "unsub_reason_other",
        "unsub_campaign_title", "clean_time", "clean_campaign_title",
    ]

    /// Which tool wrote a file with this header, if one of them did.
    public static func recognize(_ header: [String]) -> Kind? {
        let names = Set(header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        if names.contains("email address"),
            !names.isDisjoint(with: ["member_rating", "optin_time", "leid", "euid", "confirm_time"])
        {
            if names.contains("unsub_time") { return .mailchimp(.unsubscribed) }
            if names.contains("clean_time") { return .mailchimp(.cleaned) }
            return .mailchimp(.subscribed)
        }
        if names.contains("email"), names.contains("attributes"), names.contains("name") { return .listmonk }
        if names.contains("email"), names.contains("active_subscription") || names.contains("email_disabled") {
            return .substack
        }
        if names.contains("email") || names.contains("email_address"),
            names.contains("subscriber_type") || names.contains("creation_date") || names.contains("created_date")
        {
            return .buttondown
        }
        return nil
    }

    /// Reads a header as `tool`'s export, or as whatever tool's it is when `tool` is nil.
    ///
    /// - Returns: nil when no tool is named and none wrote this header (the file is in Bulletin's own format).
    /// - Throws: ``ForeignExportError`` when the header does not fit the named tool.
    public init?(header: [String], from tool: SubscriberExportTool?) throws {
        var named = header.map { $0.trimmingCharacters(in: .whitespaces) }
        while named.count > 1, named.last?.isEmpty == true { named.removeLast() }
        guard let kind = Self.recognize(named) else {
            if let tool { throw ForeignExportError.notThisTool(tool, header) }
            return nil
        }
        if let tool, kind.tool != tool { throw ForeignExportError.notThisTool(tool, header) }
        var columns: [String: Int] = [:]
        for (index, name) in named.enumerated() where columns[name.lowercased()] == nil {
            columns[name.lowercased()] = index
        }
        let emailName = kind.tool == .mailchimp ? "email address" : "email"
        guard let email = columns[emailName] ?? columns["email_address"] else {
            throw ForeignExportError.notThisTool(kind.tool, header)
        }
        var attributes: [(index: Int, key: String)] = []
        if case .mailchimp = kind {
            for (index, name) in named.enumerated()
            where !name.isEmpty && !Self.mailchimpFieldColumns.contains(name.lowercased())
                && SubscriberFields.problem(withAttributeKey: name) == nil
            {
                attributes.append((index, name))
            }
        }
        self.kind = kind
        self.columns = columns
        emailColumn = email
        columnCount = named.count
        attributeColumns = attributes
    }

    /// Turns a data row into a record, with the status change it brings when it brings one.
    public func prepare(_ fields: CSVFields) -> Result<PreparedSubscriberRecord, InvalidRow> {
        let line = fields.line
        guard
            fields.count == columnCount
                || fields.count > columnCount && fields.range(of: columnCount - 1).upperBound == fields.bytes.count
        else {
            return .failure(InvalidRow(line: line, reason: "has \(fields.count) fields; the header has \(columnCount)"))
        }
        func cell(_ name: String) -> String {
            guard let index = columns[name], index < fields.count else { return "" }
            return String(decoding: fields.bytes[fields.range(of: index)], as: UTF8.self)
                .trimmingCharacters(in: .whitespaces)
        }
        let text = String(decoding: fields.bytes[fields.range(of: emailColumn)], as: UTF8.self)
        let email: EmailAddress
        do {
            email = try EmailAddress(text)
        } catch let error as EmailAddressError {
            let shown = error.address.isEmpty ? "the email cell is empty" : "'\(error.address)': \(error.explanation)"
            return .failure(InvalidRow(line: line, reason: shown))
        } catch {
            return .failure(InvalidRow(line: line, reason: "\(error)"))
        }
        var record = SubscriberRecord(email: email, line: line)
        var change: ImportedStatusChange?
        do {
            switch kind {
            case .mailchimp(let file):
                change = try mailchimp(file, into: &record, cell)
                for column in attributeColumns {
                    let value = String(decoding: fields.bytes[fields.range(of: column.index)], as: UTF8.self)
                    if !value.isEmpty { record.attributes.append(Attribute(key: column.key, value: value)) }
                }
            case .listmonk: change = try listmonk(into: &record, cell)
            case .substack: change = try substack(into: &record, cell)
            case .buttondown: change = try buttondown(into: &record, cell)
            }
        } catch let problem as InvalidRow {
            return .failure(problem)
        } catch {
            return .failure(InvalidRow(line: line, reason: "\(error)"))
        }
        record = SubscriberRecord(
            email: record.email, name: record.name, status: record.status, topics: record.topics,
            attributes: record.attributes, createdAt: record.createdAt, confirmedAt: record.confirmedAt,
            unsubscribedAt: record.unsubscribedAt, source: record.source, line: line)
        var prepared = PreparedSubscriberRecord(record)
        prepared.statusChange = change
        return .success(prepared)
    }

    /// Why a row of this export is left out, counted as skipped; nil for a row to import. Substack lists the
    /// readers who asked it to erase their data under a placeholder address at `deletion-request.substack.com`:
    /// they are not brought back.
    public func skipReason(_ prepared: PreparedSubscriberRecord) -> String? {
        guard kind == .substack, prepared.email.domain == "deletion-request.substack.com" else { return nil }
        return "is a Substack deletion request; not imported"
    }

    // MARK: The tools

    private func mailchimp(
        _ file: MailchimpFile, into record: inout SubscriberRecord, _ cell: (String) -> String
    ) throws -> ImportedStatusChange? {
        let name = SubscriberFields.cleanName(
            [cell("first name"), cell("last name")].filter { !$0.isEmpty }.joined(separator: " "))
        if !name.isEmpty { record.name = name }
        let tags = Self.quotedList(cell("tags"))
        if !tags.isEmpty { record.topics = tags }
        record.createdAt = try time(cell("optin_time"), "OPTIN_TIME", record.line)
        record.confirmedAt = try time(cell("confirm_time"), "CONFIRM_TIME", record.line)
        switch file {
        case .subscribed:
            return nil
        case .unsubscribed:
            let at = try time(cell("unsub_time"), "UNSUB_TIME", record.line)
            record.status = .unsubscribed
            record.unsubscribedAt = at
            let why = [cell("unsub_reason"), cell("unsub_reason_other")].filter { !$0.isEmpty }
                .joined(separator: ": ")
            let campaign = cell("unsub_campaign_title")
            var reason = "Mailchimp: unsubscribed"
            if !why.isEmpty { reason += " (\(why))" }
            if !campaign.isEmpty { reason += " from \(campaign)" }
            return ImportedStatusChange(at: at, reason: reason)
        case .cleaned:
            let at = try time(cell("clean_time"), "CLEAN_TIME", record.line)
            record.status = .bounced
            let campaign = cell("clean_campaign_title")
            return ImportedStatusChange(
                at: at, reason: "Mailchimp: cleaned (undeliverable)" + (campaign.isEmpty ? "" : " after \(campaign)"))
        }
    }

    private func listmonk(
        into record: inout SubscriberRecord, _ cell: (String) -> String
    ) throws
        -> ImportedStatusChange?
    {
        let name = SubscriberFields.cleanName(cell("name"))
        if !name.isEmpty { record.name = name }
        let json = cell("attributes")
        if !json.isEmpty, json != "{}" {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
                throw InvalidRow(line: record.line, reason: "attributes '\(json.prefix(40))' is not a JSON object")
            }
            for (key, value) in object {
                if ["topics", "tags"].contains(key.lowercased()), let list = value as? [String] {
                    let topics = SubscriberFields.parseTopics(list.joined(separator: ";"), separators: [59])
                    if !topics.isEmpty { record.topics = topics }
                    continue
                }
                guard SubscriberFields.problem(withAttributeKey: key) == nil else { continue }
                record.attributes.append(Attribute(key: key, value: Self.jsonText(value)))
            }
        }
        record.createdAt = try time(cell("created_at"), "created_at", record.line)
        let status = cell("status").lowercased()
        switch status {
        case "", "enabled":
            return nil
        case "blocklisted", "disabled":
            let at = try time(cell("updated_at"), "updated_at", record.line)
            record.status = .unsubscribed
            record.unsubscribedAt = at
            return ImportedStatusChange(at: at, reason: "listmonk: \(status)")
        default:
            throw InvalidRow(
                line: record.line, reason: "unknown listmonk status '\(status)'; use enabled, disabled or blocklisted")
        }
    }

    private func substack(
        into record: inout SubscriberRecord, _ cell: (String) -> String
    ) throws
        -> ImportedStatusChange?
    {
        record.createdAt = try time(cell("created_at"), "created_at", record.line)
        let plan = cell("plan")
        if !plan.isEmpty { record.attributes.append(Attribute(key: "plan", value: plan)) }
        if cell("active_subscription").lowercased() == "true" {
            record.attributes.append(Attribute(key: "paid", value: "true"))
        }
        guard cell("email_disabled").lowercased() == "true" else { return nil }
        record.status = .unsubscribed
        return ImportedStatusChange(at: nil, reason: "Substack: email disabled")
    }

    private func buttondown(
        into record: inout SubscriberRecord, _ cell: (String) -> String
    ) throws
        -> ImportedStatusChange?
    {
        let tags = Self.tagList(cell("tags"))
        if !tags.isEmpty { record.topics = tags }
        // The dashboard's export says `creation_date`; newer API-shaped exports say `created_date`.
        let created = cell("creation_date").isEmpty ? "created_date" : "creation_date"
        record.createdAt = try time(cell(created), created, record.line)
        let notes = cell("notes")
        if !notes.isEmpty { record.attributes.append(Attribute(key: "notes", value: notes)) }
        let metadata = cell("metadata")
        if !metadata.isEmpty, metadata != "{}",
            let object = try? JSONSerialization.jsonObject(with: Data(metadata.utf8)) as? [String: Any]
        {
            for (key, value) in object where SubscriberFields.problem(withAttributeKey: key) == nil {
                record.attributes.append(Attribute(key: key, value: Self.jsonText(value)))
            }
        }
        var type = cell("subscriber_type").lowercased()
        if type.isEmpty { type = cell("type").lowercased() }
        switch type {
        case "", "regular", "premium", "trialed", "unpaid", "gifted", "churning", "churned", "past_due", "paused":
            return nil
        case "unactivated":
            record.status = .pending
            return nil
        case "unsubscribed", "removed", "blocked", "spammy":
            let at = try time(cell("unsubscription_date"), "unsubscription_date", record.line)
            record.status = .unsubscribed
            record.unsubscribedAt = at
            return ImportedStatusChange(at: at, reason: "Buttondown: \(type)")
        case "undeliverable":
            let at = try time(cell("undeliverability_date"), "undeliverability_date", record.line)
            record.status = .bounced
            return ImportedStatusChange(at: at, reason: "Buttondown: undeliverable")
        case "complained":
            record.status = .complained
            return ImportedStatusChange(at: nil, reason: "Buttondown: complained")
        default:
            throw InvalidRow(line: record.line, reason: "unknown Buttondown subscriber type '\(type)'")
        }
    }

    // MARK: Cells

    /// A time as the tools write them: ISO 8601 (`2024-01-15T10:00:00.000Z`), Mailchimp's `2024-02-03 10:00:00`
    /// (UTC), or Go's `2024-01-15 10:00:00.123456 +0000 UTC`; nil for an empty cell.
    private func time(_ text: String, _ column: String, _ line: Int) throws -> Int64? {
        if text.isEmpty { return nil }
        if let seconds = Self.parseTime(text) { return seconds }
        throw InvalidRow(line: line, reason: "\(column) '\(text.prefix(40))' is not a time")
    }

    /// See ``time(_:_:_:)``.
    static func parseTime(_ text: String) -> Int64? {
        if let seconds = Timestamp.parseSeconds(text) { return seconds }
        // Go's Time.String(): "<date> <time> <±hhmm> <zone name>".
        let parts = text.split(separator: " ")
        guard parts.count >= 3, parts[2].first == "+" || parts[2].first == "-" else { return nil }
        return Timestamp.parseSeconds("\(parts[0])T\(parts[1])\(parts[2])")
    }

    /// Mailchimp's TAGS: `"News","Economy"` (each tag quoted) or `News, Economy`.
    static func quotedList(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
            } else if character == ",", !quoted {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        var topics: [String] = []
        for item in items {
            let topic = SubscriberFields.cleanName(item)
            if !topic.isEmpty, !topics.contains(topic) { topics.append(topic) }
        }
        return topics
    }

    /// Buttondown's tags: a JSON array, or a comma-separated list.
    static func tagList(_ text: String) -> [String] {
        if text.hasPrefix("["), let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] {
            return SubscriberFields.parseTopics(list.joined(separator: ";"), separators: [59])
        }
        return quotedList(text)
    }

    /// A JSON value as an attribute's text: a string as it is, anything else as JSON.
    private static func jsonText(_ value: Any) -> String {
        if let string = value as? String { return string }
        if let number = value as? NSNumber { return number.stringValue }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }
}

/// A header that does not fit the tool named with `--from`.
public enum ForeignExportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The header (given) is not that of the tool's export.
    case notThisTool(SubscriberExportTool, [String])

    public var description: String {
        switch self {
        case .notThisTool(let tool, let header):
            let shown = header.prefix(6).joined(separator: ",")
            return "the first row (\(shown)) is not the header of a \(tool.displayName) export."
        }
    }
}
