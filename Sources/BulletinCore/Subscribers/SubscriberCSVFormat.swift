import Foundation

/// The subscribers CSV format that `import` reads and `export` writes.
///
/// The header row names the columns, in any order and any case: `email` is required; `name`, `status`, `topics`
/// (separated by `;`), `created_at`, `confirmed_at`, `unsubscribed_at` and `source` are optional; every other
/// column is an attribute named after its header. A blank cell leaves the stored value as it is.
///
/// Other tools' exports are read as they come: without an `email` column, `Email Address` (Mailchimp), `E-mail`
/// or `email_address` is the address; without a `name` column, `Full Name`, or `First Name` and `Last Name`
/// (which are kept as attributes too), make the name. Columns without a name at the end of the header, as
/// spreadsheets leave them, are ignored, and so are empty cells beyond the header's columns.
public struct SubscriberCSVFormat: Sendable {
    /// Where each known column stands in the file.
    public let emailColumn: Int
    let nameColumn: Int?
    let statusColumn: Int?
    let topicsColumn: Int?
    let createdColumn: Int?
    let confirmedColumn: Int?
    let unsubscribedColumn: Int?
    let sourceColumn: Int?
    /// Without a name column, the columns whose cells make the name: a full name, or first and last names.
    let nameParts: [Int]
    /// The attribute columns: position and name, sorted by name.
    public let attributeColumns: [(index: Int, key: String)]
    /// The attribute columns' names as JSON member names (`"city":`), in the order of ``attributeColumns``.
    private let memberNames: [[UInt8]]
    /// How many fields every row must have.
    public let columnCount: Int
    /// The other tool's export the file is, when it is one (``ForeignSubscriberExport``); its rows are read by
    /// its rules instead.
    public let foreign: ForeignSubscriberExport?

    /// Reads the header row: another tool's export when `tool` names one or the header is one's
    /// (``ForeignSubscriberExport/recognize(_:)``), else Bulletin's own format.
    ///
    /// - Throws: ``SubscriberCSVHeaderError`` when there is no `email` column, or a column is named twice or not at
    ///   all; ``ForeignExportError`` when the header does not fit `tool`.
    public init(header: [String], from tool: SubscriberExportTool? = nil) throws {
        if let foreign = try ForeignSubscriberExport(header: header, from: tool) {
            self.foreign = foreign
            emailColumn = foreign.emailColumn
            columnCount = foreign.columnCount
            nameColumn = nil
            statusColumn = nil
            topicsColumn = nil
            createdColumn = nil
            confirmedColumn = nil
            unsubscribedColumn = nil
            sourceColumn = nil
            nameParts = []
            attributeColumns = []
            memberNames = []
            return
        }
        foreign = nil
        if let first = header.first?.trimmingCharacters(in: .whitespaces), first.hasPrefix("[") || first.hasPrefix("{")
        {
            throw SubscriberCSVHeaderError.json
        }
        // Spreadsheets leave unnamed columns at the end; one in the middle is a mistake worth a word.
        var named = header.map { $0.trimmingCharacters(in: .whitespaces) }
        while named.count > 1, named.last?.isEmpty == true { named.removeLast() }
        var positions: [String: Int] = [:]
        var attributes: [(Int, String)] = []
        for (index, name) in named.enumerated() {
            guard !name.isEmpty else { throw SubscriberCSVHeaderError.unnamedColumn(index + 1) }
            let key = name.lowercased()
            if SubscriberFields.reservedColumns.contains(key) {
                guard positions[key] == nil else { throw SubscriberCSVHeaderError.repeatedColumn(name) }
                positions[key] = index
            } else {
                if let problem = SubscriberFields.problem(withAttributeKey: name) {
                    throw SubscriberCSVHeaderError.badAttribute(problem)
                }
                guard !attributes.contains(where: { $0.1 == name }) else {
                    throw SubscriberCSVHeaderError.repeatedColumn(name)
                }
                attributes.append((index, name))
            }
        }
        /// The first attribute column whose name, without case, spaces, hyphens and underscores, is one of `names`.
        func alias(_ names: Set<String>) -> Int? {
            attributes.first { column in
                names.contains(
                    String(column.1.lowercased().unicodeScalars.filter { !" -_".unicodeScalars.contains($0) }))
            }?.0
        }
        var nameParts: [Int] = []
        if positions["email"] == nil, let column = alias(["emailaddress", "email", "emailadresse", "mailaddress"]) {
            positions["email"] = column
            attributes.removeAll { $0.0 == column }
        }
        if positions["name"] == nil {
            if let column = alias(["fullname"]) {
                positions["name"] = column
                attributes.removeAll { $0.0 == column }
            } else {
                nameParts = [
                    alias(["firstname", "givenname", "fname"]), alias(["lastname", "surname", "familyname", "lname"]),
                ]
                .compactMap { $0 }
            }
        }
        guard let email = positions["email"] else { throw SubscriberCSVHeaderError.noEmailColumn(header) }
        emailColumn = email
        self.nameParts = nameParts
        nameColumn = positions["name"]
        statusColumn = positions["status"]
        topicsColumn = positions["topics"]
        createdColumn = positions["created_at"]
        confirmedColumn = positions["confirmed_at"]
        unsubscribedColumn = positions["unsubscribed_at"]
        sourceColumn = positions["source"]
        // Sorted by key once here, so that each row's attributes come out sorted without sorting per row.
        attributeColumns = attributes.map { (index: $0.0, key: $0.1) }
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        memberNames = attributeColumns.map { CompactJSON.memberName($0.key) }
        columnCount = named.count
    }

    /// Turns a data row into a record.
    ///
    /// - Returns: the record, or the reason the row cannot be used.
    public func record(from fields: [String], line: Int) -> Result<SubscriberRecord, InvalidRow> {
        prepare(CSVFields(fields, line: line)).map(\.record)
    }

    /// Turns a data row into a record in the form the store writes, working on the row's bytes: the import's way.
    ///
    /// - Returns: the record, or the reason the row cannot be used.
    public func prepare(_ fields: CSVFields) -> Result<PreparedSubscriberRecord, InvalidRow> {
        if let foreign { return foreign.prepare(fields) }
        let line = fields.line
        guard
            fields.count == columnCount
                || fields.count > columnCount && fields.range(of: columnCount - 1).upperBound == fields.bytes.count
        else {
            return .failure(InvalidRow(line: line, reason: "has \(fields.count) fields; the header has \(columnCount)"))
        }
        return fields.bytes.withUnsafeBufferPointer { all -> Result<PreparedSubscriberRecord, InvalidRow> in
            func cell(_ column: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: all[fields.range(of: column)])
            }
            func string(_ column: Int) -> String { String(decoding: cell(column), as: UTF8.self) }

            let email: PreparedSubscriberRecord.Parts.Email
            if let bounds = EmailAddress.asciiBounds(cell(emailColumn)) {
                email = .ascii(cell(emailColumn), bounds)
            } else {
                do {
                    email = .normalized(try EmailAddress(string(emailColumn)))
                } catch let error as EmailAddressError {
                    let shown =
                        error.address.isEmpty ? "the email cell is empty" : "'\(error.address)': \(error.explanation)"
                    return .failure(InvalidRow(line: line, reason: shown))
                } catch {
                    return .failure(InvalidRow(line: line, reason: "\(error)"))
                }
            }
            var parts = PreparedSubscriberRecord.Parts(email: email, line: line)
            if let column = nameColumn {
                parts.name = Self.cleanText(cell(column))
            } else if !nameParts.isEmpty {
                let joined = nameParts.map(string).filter { !$0.isEmpty }.joined(separator: " ")
                let name = SubscriberFields.cleanName(joined)
                if !name.isEmpty { parts.name = .string(name) }
            }
            if let column = statusColumn {
                let text = string(column).trimmingCharacters(in: .whitespaces)
                if !text.isEmpty {
                    guard let status = SubscriberStatus(parsing: text) else {
                        return .failure(
                            InvalidRow(
                                line: line, reason: "unknown status '\(text)'; use one of \(SubscriberStatus.allNames)")
                        )
                    }
                    parts.status = status
                }
            }
            if let column = topicsColumn, !cell(column).isEmpty,
                let topics = SubscriberFields.encodeTopics(cell(column), separator: UInt8(ascii: ";"))
            {
                parts.topics = .array(topics)
            }
            for (column, key) in [
                (createdColumn, "created_at"), (confirmedColumn, "confirmed_at"),
                (unsubscribedColumn, "unsubscribed_at"),
            ] {
                guard let column, !cell(column).isEmpty else { continue }
                let text = string(column).trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let seconds = Timestamp.parseSeconds(text) else {
                    return .failure(
                        InvalidRow(line: line, reason: "\(key) '\(text)' is not a date like 2026-11-29T07:00:00Z"))
                }
                switch key {
                case "created_at": parts.createdAt = seconds
                case "confirmed_at": parts.confirmedAt = seconds
                default: parts.unsubscribedAt = seconds
                }
            }
            if let column = sourceColumn { parts.source = Self.cleanText(cell(column)) }
            // The attribute cells go straight into the record: no list of them is made.
            func attributes(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
                for (position, column) in attributeColumns.enumerated() where !cell(column.index).isEmpty {
                    memberNames[position].withUnsafeBufferPointer { body($0, cell(column.index)) }
                }
            }
            return .success(PreparedSubscriberRecord(parts: parts, attributes: attributes))
        }
    }

    /// A name or source cell made clean (``SubscriberFields/cleanName(_:)``): its bytes as they are when they
    /// already are; nil when nothing is left.
    private static func cleanText(_ cell: UnsafeBufferPointer<UInt8>) -> PreparedSubscriberRecord.Parts.Text? {
        if cell.isEmpty { return nil }
        if SubscriberFields.isCleanFast(cell) { return .bytes(cell) }
        let cleaned = SubscriberFields.cleanName(String(decoding: cell, as: UTF8.self))
        return cleaned.isEmpty ? nil : .string(cleaned)
    }

    /// The header that `export` writes: the known columns, then the given attribute keys.
    public static func exportHeader(attributeKeys: [String]) -> [String] {
        ["email", "name", "status", "topics", "created_at", "confirmed_at", "unsubscribed_at", "source"] + attributeKeys
    }

    /// A subscriber as an export row, in the order of ``exportHeader(attributeKeys:)``.
    public static func exportRow(_ subscriber: Subscriber, attributeKeys: [String]) -> [String] {
        [
            subscriber.email, subscriber.name, subscriber.status.rawValue, subscriber.topics.joined(separator: ";"),
            Timestamp.format(subscriber.createdAt), subscriber.confirmedAt.map(Timestamp.format) ?? "",
            subscriber.unsubscribedAt.map(Timestamp.format) ?? "", subscriber.source,
        ] + attributeKeys.map { subscriber.attributes[$0] ?? "" }
    }
}

/// The header row of a subscribers CSV file cannot be used.
public enum SubscriberCSVHeaderError: Error, CustomStringConvertible, Sendable, Equatable {
    case noEmailColumn([String])
    case repeatedColumn(String)
    case unnamedColumn(Int)
    case badAttribute(String)
    case json

    public var description: String {
        switch self {
        case .noEmailColumn(let header):
            let shown = header.prefix(6).joined(separator: ",")
            return "the first row (\(shown)) has no 'email' column; the first row must name the columns: name "
                + "the one that holds the addresses 'email'."
        case .repeatedColumn(let name):
            return "the header names the column '\(name)' twice; rename or remove one of them."
        case .unnamedColumn(let position):
            return "column \(position) of the header has no name; name it or remove it."
        case .badAttribute(let problem):
            return "the header cannot be used: \(problem)."
        case .json:
            return "the file is JSON, and import reads CSV; move subscribers between databases as CSV."
        }
    }
}
