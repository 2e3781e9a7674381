import Foundation

/// The subscribers CSV format that `import` reads and `export` writes.
///
/// The header row names the columns, in any order and any case: `email` is required; `name`, `status`, `topics`
/// (separated by `;`), `created_at`, `confirmed_at`, `unsubscribed_at` and `source` are optional; every other
/// column is an attribute named after its header. A blank cell leaves the stored value as it is.
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
    /// The attribute columns: position and name, sorted by name.
    public let attributeColumns: [(index: Int, key: String)]
    /// How many fields every row must have.
    public let columnCount: Int

    /// Reads the header row.
    ///
    /// - Throws: ``SubscriberCSVHeaderError`` when there is no `email` column, or a column is named twice or not at all.
    public init(header: [String]) throws {
        var positions: [String: Int] = [:]
        var attributes: [(Int, String)] = []
        for (index, rawName) in header.enumerated() {
            let name = rawName.trimmingCharacters(in: .whitespaces)
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
        guard let email = positions["email"] else { throw SubscriberCSVHeaderError.noEmailColumn(header) }
        emailColumn = email
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
        columnCount = header.count
    }

    /// Turns a data row into a record.
    ///
    /// - Returns: the record, or the reason the row cannot be used.
    public func record(from fields: [String], line: Int) -> Result<SubscriberRecord, InvalidRow> {
        guard fields.count == columnCount else {
            return .failure(InvalidRow(line: line, reason: "has \(fields.count) fields; the header has \(columnCount)"))
        }
        let email: EmailAddress
        do {
            email = try EmailAddress(fields[emailColumn])
        } catch let error as EmailAddressError {
            let shown = error.address.isEmpty ? "the email cell is empty" : "'\(error.address)': \(error.explanation)"
            return .failure(InvalidRow(line: line, reason: shown))
        } catch {
            return .failure(InvalidRow(line: line, reason: "\(error)"))
        }
        var record = SubscriberRecord(email: email, line: line)
        if let column = nameColumn {
            let name = SubscriberFields.cleanName(fields[column])
            if !name.isEmpty { record.name = name }
        }
        if let column = statusColumn {
            let text = fields[column].trimmingCharacters(in: .whitespaces)
            if !text.isEmpty {
                guard let status = SubscriberStatus(parsing: text) else {
                    return .failure(
                        InvalidRow(
                            line: line, reason: "unknown status '\(text)'; use one of \(SubscriberStatus.allNames)"))
                }
                record.status = status
            }
        }
        if let column = topicsColumn {
            let topics = SubscriberFields.parseTopics(fields[column], separators: [UInt8(ascii: ";")])
            if !topics.isEmpty { record.topics = topics }
        }
        if createdColumn != nil || confirmedColumn != nil || unsubscribedColumn != nil {
            for (column, key) in [
                (createdColumn, "created_at"), (confirmedColumn, "confirmed_at"),
                (unsubscribedColumn, "unsubscribed_at"),
            ] {
                guard let column else { continue }
                let text = fields[column].trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let seconds = Timestamp.parseSeconds(text) else {
                    return .failure(
                        InvalidRow(line: line, reason: "\(key) '\(text)' is not a date like 2026-11-29T07:00:00Z"))
                }
                switch key {
                case "created_at": record.createdAt = seconds
                case "confirmed_at": record.confirmedAt = seconds
                default: record.unsubscribedAt = seconds
                }
            }
        }
        if let column = sourceColumn {
            let source = SubscriberFields.cleanName(fields[column])
            if !source.isEmpty { record.source = source }
        }
        for (column, key) in attributeColumns where !fields[column].isEmpty {
            record.attributes.append(Attribute(key: key, value: fields[column]))
        }
        return .success(record)
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
public enum SubscriberCSVHeaderError: BulletinError, Equatable {
    case noEmailColumn([String])
    case repeatedColumn(String)
    case unnamedColumn(Int)
    case badAttribute(String)

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch self {
        case .noEmailColumn(let header):
            let shown = header.prefix(6).joined(separator: ",")
            return "the first row (\(shown)) has no 'email' column; the first row must name the columns, "
                + "one of them 'email'."
        case .repeatedColumn(let name):
            return "the header names the column '\(name)' twice; rename or remove one of them."
        case .unnamedColumn(let position):
            return "column \(position) of the header has no name; name it or remove it."
        case .badAttribute(let problem):
            return "the header cannot be used: \(problem)."
        }
    }
}
