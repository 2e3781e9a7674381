import BulletinCore

/// The addresses an import has met so far, by a 64-bit hash of each lower-cased address: the last line each was
/// on and, in a bulk load, the row it was stored in, or otherwise the status it had before the import.
///
/// Open addressing with linear probing over one flat array of 16-byte entries, indexed by the hash itself: a
/// `Dictionary<Int, …>` hashed every key again with SipHash, and an import looked each row up four times. Here a
/// row costs one probe sequence, and ``Slot`` lets the importer come back to the same entry without hashing.
struct ImportedAddresses {
    /// Where an address's entry lives until the table next grows.
    typealias Slot = Int

    private struct Entry {
        /// The address hash; 0 marks an empty entry (a hash of 0 is stored as 1).
        var key: UInt64 = 0
        /// The last line the address was on; 0 when no row of the file has given it yet.
        var line: Int32 = 0
        /// In a bulk load, the row id of the stored subscriber, or 0 when none is known (``Self/unknownRow`` when it
        /// did not fit). Otherwise 0 until the import has applied a row of the address, then 1 when it added the
        /// address, or 2 plus the index of the address's status before the import in `SubscriberStatus.allCases`.
        var row: UInt32 = 0
    }

    /// A row id too large for an entry: the importer then finds the row by its address.
    static let unknownRow = UInt32.max

    private var entries: [Entry]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    /// Creates an empty table.
    init(capacity: Int = 1 << 14) {
        var size = 1 << 4
        while size < capacity { size <<= 1 }
        entries = [Entry](repeating: Entry(), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    private static func stored(_ key: Int) -> UInt64 {
        let key = UInt64(bitPattern: Int64(key))
        return key == 0 ? 1 : key
    }

    /// The entry for `key`, made empty when the table does not have it yet.
    mutating func slot(for key: Int) -> Slot {
        let key = Self.stored(key)
        if (count + 1) * 4 > entries.count * 3 { grow() }
        return entries.withUnsafeMutableBufferPointer { entries in
            // Fibonacci hashing spreads the bits of the hash over the top, which become the index.
            var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while true {
                let found = entries[index].key
                if found == key { return index }
                if found == 0 {
                    entries[index].key = key
                    count += 1
                    return index
                }
                index = (index + 1) & mask
            }
        }
    }

    /// The last line of the address in `slot` (0 for none), replaced with `line`.
    mutating func exchangeLine(at slot: Slot, with line: Int32) -> Int32 {
        let earlier = entries[slot].line
        entries[slot].line = line
        return earlier
    }

    /// The stored row of the address in `slot`: 0 for none, -1 when it must be looked up by address.
    func row(at slot: Slot) -> Int64 {
        let row = entries[slot].row
        return row == Self.unknownRow ? -1 : Int64(row)
    }

    /// Records the stored row of the address in `slot`.
    mutating func setRow(_ row: Int64, at slot: Slot) {
        entries[slot].row = row > 0 && row < Int64(Self.unknownRow) ? UInt32(row) : Self.unknownRow
    }

    /// Where an address stood before the import.
    enum Before: Equatable {
        /// The import added it.
        case added
        /// It was stored with this status.
        case stored(SubscriberStatus)
    }

    /// Where the address stood before the import, outside a bulk load; nil when the import has not applied a row
    /// of it yet.
    func statusBefore(at slot: Slot) -> Before? {
        let code = Int(entries[slot].row)
        switch code {
        case 0: return nil
        case 1: return .added
        default: return .stored(SubscriberStatus.allCases[code - 2])
        }
    }

    /// Records the address's status before the import (nil: the import added it), outside a bulk load.
    mutating func setStatusBefore(_ status: SubscriberStatus?, at slot: Slot) {
        guard let status, let index = SubscriberStatus.allCases.firstIndex(of: status) else {
            entries[slot].row = 1
            return
        }
        entries[slot].row = UInt32(2 + index)
    }

    private mutating func grow() {
        let old = entries
        let size = old.count * 2
        entries = [Entry](repeating: Entry(), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        entries.withUnsafeMutableBufferPointer { entries in
            for entry in old where entry.key != 0 {
                var index = Int(truncatingIfNeeded: (entry.key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while entries[index].key != 0 { index = (index + 1) & mask }
                entries[index] = entry
            }
        }
    }
}
