import Synchronization

/// One row of a subscribers CSV file, read and checked: a record to apply, or why the row cannot be used.
public enum SubscriberCSVRow: Sendable {
    /// A usable row, with its stored forms computed.
    case record(PreparedSubscriberRecord)
    /// A row that is reported and skipped.
    case invalid(InvalidRow)
}

/// Reads a subscribers CSV file: the header first (an unusable header stops the import), then every row, parsed
/// and validated on a thread of its own while the caller applies the rows before them.
public final class SubscriberCSVSource: Sendable {
    /// How the file's columns map to subscriber fields.
    public let format: SubscriberCSVFormat
    /// The byte between fields: a comma, or a semicolon or a tab when the header row is separated by one.
    public let separator: UInt8
    /// The reader, handed over by the constructor and taken out by ``rows()`` for the producer thread, which then
    /// owns it alone.
    private let reader: Mutex<CSVReader?>

    /// Reads the header row.
    ///
    /// - Parameter tool: the tool whose export the file must be (`--from`); nil to recognize it from the header.
    /// - Throws: ``SubscriberCSVHeaderError``, ``ForeignExportError``, ``CSVRecordError`` for a malformed header, ``InputFileError``, or
    ///   ``SubscriberCSVSourceError/empty`` when the file has no header.
    public init(reader: sending CSVReader, name: String, from tool: SubscriberExportTool? = nil) throws {
        try reader.detectSeparator()
        var header: [String]?
        while header == nil, let next = try reader.next() {
            switch next {
            case .failure(let error): throw error
            case .success(let row): if !row.isBlank { header = row.fields }
            }
        }
        guard let header else { throw SubscriberCSVSourceError.empty(name) }
        format = try SubscriberCSVFormat(header: header, from: tool)
        separator = reader.separator
        self.reader = Mutex(reader)
    }

    /// Starts reading the rows in the background. Call it once: the rows are read once, and a second call gives
    /// none.
    public func rows() -> BackgroundProducer<SubscriberCSVRow> {
        BackgroundProducer { [self] emit in
            guard let reader = reader.withLock({ $0.take() }) else { return }
            try produceRows(from: reader, emit)
        }
    }

    private func produceRows(from reader: CSVReader, _ emit: (SubscriberCSVRow) throws -> Void) throws {
        // One record's storage, reused for every row: the rows are read as bytes, never as strings.
        var fields = CSVFields()
        while try reader.next(into: &fields) {
            if let error = fields.problem {
                try emit(.invalid(InvalidRow(line: error.line, reason: error.reason)))
                continue
            }
            // A blank line, or a row of empty cells as spreadsheets leave them.
            if fields.bytes.isEmpty { continue }
            switch format.prepare(fields) {
            case .success(let record): try emit(.record(record))
            case .failure(let invalid): try emit(.invalid(invalid))
            }
        }
    }
}

/// A subscribers CSV file cannot be imported at all.
public enum SubscriberCSVSourceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file has no header row.
    case empty(String)

    public var description: String {
        switch self {
        case .empty(let name):
            return "\(name) is empty; it needs a header row naming the columns (at least 'email') and then one "
                + "row per subscriber."
        }
    }
}
