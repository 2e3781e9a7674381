import BulletinCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An append-only file beside the database that says, message by message, what a running `send` handed to the
/// relay and how each one ended, written before the batched ledger catches up.
///
/// The ledger is written in batches; this file is written with one `write(2)` per event, which the kernel keeps
/// even when the process is killed a moment later. A run that finds rows in `sending` replays the file: a row with
/// an outcome gets it, a row handed to the relay without an outcome becomes `unknown` (the relay may have it), a
/// row that was claimed but never handed over goes back to `queued`. So a `kill -9` leaves at most one `unknown`
/// row per connection. The file is removed once the ledger holds everything in it.
public final class SendJournal {
    /// The file.
    public let path: String
    private let descriptor: Int32

    /// The journal of the database at `databasePath`.
    public static func path(forDatabase databasePath: String) -> String { databasePath + "-send-journal" }

    /// Opens (creating) the journal for appending.
    ///
    /// - Throws: ``SendJournalError`` when the file cannot be opened.
    public init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SendJournalError.cannotWrite(path, String(cString: strerror(errno))) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Records that the message for `subscriberID` is about to be handed to the relay.
    public func handingOver(week: String, subscriberID: Int64) throws {
        try append("S\t\(week)\t\(subscriberID)\n")
    }

    /// Records outcomes that became known.
    public func ended(
        week: String, _ outcomes: [(subscriberID: Int64, outcome: DeliveryOutcome, messageID: String)]
    )
        throws
    {
        var text = ""
        for entry in outcomes {
            let reply = entry.outcome.replyText.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }
            text +=
                "R\t\(week)\t\(entry.subscriberID)\t\(entry.outcome.kind.rawValue)\t\(entry.outcome.stage.rawValue)\t"
                + "\(entry.outcome.replyCode)\t\(entry.messageID)\t\(String(reply))\n"
        }
        try append(text)
    }

    private func append(_ text: String) throws {
        if let error = FileDescriptorWriter.writeAll(Array(text.utf8), to: descriptor) {
            throw SendJournalError.cannotWrite(path, String(cString: strerror(error)))
        }
    }

    /// What a journal file says.
    public struct Replay: Sendable, Equatable {
        /// Per week and subscriber: handed over, and the last outcome if one was written.
        public var entries: [Key: Entry] = [:]

        /// A row of the ledger.
        public struct Key: Hashable, Sendable {
            /// The issue's week.
            public var week: String
            /// The subscriber.
            public var subscriberID: Int64

            /// The row of `week` for `subscriberID`.
            public init(week: String, subscriberID: Int64) {
                self.week = week
                self.subscriberID = subscriberID
            }
        }

        /// What happened to one row.
        public struct Entry: Sendable, Equatable {
            /// The last outcome written, if any.
            public var outcome: DeliveryOutcome?
            /// The Message-ID of the message the outcome is for.
            public var messageID: String = ""
        }

        /// Takes in one journal line (without its line end), if its row is kept. The key is read from the bytes,
        /// so that the lines of rows not kept cost no allocation.
        mutating func apply(_ line: UnsafeRawBufferPointer, keeping: (Key) -> Bool) {
            let fields = line.split(separator: 0x09, maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, fields[0].count == 1, let id = Self.integer(fields[2]) else { return }
            let key = Key(week: String(decoding: fields[1], as: UTF8.self), subscriberID: id)
            guard keeping(key) else { return }
            switch fields[0].first {
            case UInt8(ascii: "S"):
                if entries[key] == nil { entries[key] = Entry() }
            case UInt8(ascii: "R"):
                guard fields.count == 4 else { return }
                let rest = String(decoding: fields[3], as: UTF8.self).split(
                    separator: "\t", omittingEmptySubsequences: false)
                guard rest.count >= 5, let kind = DeliveryOutcome.Kind(rawValue: String(rest[0])),
                    let stage = DeliveryOutcome.Stage(rawValue: String(rest[1])), let code = Int(rest[2])
                else { return }
                entries[key] = Entry(
                    outcome: DeliveryOutcome(
                        kind: kind, stage: stage, replyCode: code, replyText: rest[4...].joined(separator: " ")),
                    messageID: String(rest[3]))
            default: return
            }
        }

        private static func integer(_ digits: Slice<UnsafeRawBufferPointer>) -> Int64? {
            guard !digits.isEmpty, digits.count <= 18 else { return nil }
            var value: Int64 = 0
            for digit in digits {
                guard digit >= 0x30, digit <= 0x39 else { return nil }
                value = value * 10 + Int64(digit - 0x30)
            }
            return value
        }
    }

    /// Reads the journal at `path`, keeping only the rows `keeping` accepts; nil when there is none. A last line cut
    /// short by a crash (without its line end) is ignored.
    ///
    /// The file is read one line at a time and only the kept rows are held: the journal of a run killed late in a
    /// large send has a line or two for every message it sent, while recovery needs only the rows still `sending`.
    ///
    /// - Throws: ``SendJournalError`` when the file exists but cannot be read.
    public static func read(path: String, keeping: (Replay.Key) -> Bool = { _ in true }) throws -> Replay? {
        guard let file = fopen(path, "r") else {
            if errno == ENOENT { return nil }
            throw SendJournalError.cannotRead(path)
        }
        defer { fclose(file) }
        var replay = Replay()
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while true {
            let length = getline(&buffer, &capacity, file)
            guard length > 0, let bytes = buffer else { break }
            guard bytes[length - 1] == 0x0A else { continue }
            let line = UnsafeRawBufferPointer(start: bytes, count: length - 1)
            replay.apply(line, keeping: keeping)
        }
        if ferror(file) != 0 { throw SendJournalError.cannotRead(path) }
        return replay
    }

    /// Removes the journal at `path`.
    public static func remove(path: String) {
        unlink(path)
    }
}

/// The journal beside the database cannot be used.
public enum SendJournalError: Error, CustomStringConvertible, Sendable {
    /// It cannot be created or written.
    case cannotWrite(String, String)
    /// It exists but cannot be read.
    case cannotRead(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            "cannot write the send journal \(path) (\(reason)); check that the database folder is writable and "
                + "the disk is not full."
        case .cannotRead(let path):
            "cannot read the send journal \(path); check its permissions (it belongs to the database's owner)."
        }
    }
}
