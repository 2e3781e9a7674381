import CSQLite
import Foundation

/// Folds text for case-insensitive matching, in Swift and as the SQL function `bulletin_fold(text)` that every
/// ``Database`` connection registers.
///
/// SQLite's own `LIKE`, `lower()` and `NOCASE` fold only ASCII letters: `Иван` and `иван` differ to them. Folding
/// here is Unicode lower-casing of the canonically composed form (NFC), so that `ИВАН`, `Иван` and `иван` fold alike,
/// and so do `Müller` typed with a precomposed `ü` and with `u` plus a combining diaeresis. It is case only:
/// diacritics are kept (`muller` does not find `Müller`), and it is lower-casing, not full case folding (`STRASSE`
/// does not find `Straße`).
enum CaseFolding {
    /// The SQL function's name.
    static let functionName = "bulletin_fold"

    /// The folded form of `text`.
    static func fold(_ text: String) -> String {
        // Composing is the slower half of folding a name: skip it for text that is already composed because every
        // scalar lies below U+0300 (ASCII, Latin-1 and the Latin Extended letters) or in Cyrillic (U+0400–U+052F),
        // which hold no combining mark that would compose or reorder.
        let composed =
            text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x400...0x52F).contains($0.value) }
            ? text : text.precomposedStringWithCanonicalMapping
        return composed.lowercased()
    }

    /// Registers `bulletin_fold` on a connection.
    ///
    /// - Returns: SQLite's result code.
    static func register(on connection: OpaquePointer) -> Int32 {
        csqlite_create_deterministic_function(connection, functionName, foldFunction)
    }

    /// A scalar SQL function as SQLite calls it: the context, the argument count and the arguments.
    private typealias SQLFunction =
        @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void

    /// `bulletin_fold(x)`: NULL for NULL, otherwise the folded text of `x`.
    ///
    /// Most names and every stored address are ASCII: those are lower-cased byte by byte, without making a string,
    /// so that a search through a long list stays fast.
    private static let foldFunction: SQLFunction = { context, count, arguments in
        guard count == 1, let value = arguments?[0], sqlite3_value_type(value) != SQLITE_NULL,
            let text = sqlite3_value_text(value)
        else {
            sqlite3_result_null(context)
            return
        }
        // sqlite3_value_bytes after sqlite3_value_text, so that it counts the bytes of the UTF-8 text.
        let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value)))
        if bytes.allSatisfy({ $0 < 0x80 }) {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, bytes.count)) { folded in
                for (index, byte) in bytes.enumerated() {
                    folded[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                folded.withMemoryRebound(to: CChar.self) {
                    csqlite_result_text_transient(context, $0.baseAddress, Int32(bytes.count))
                }
            }
            return
        }
        var folded = fold(String(decoding: bytes, as: UTF8.self))
        folded.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) {
                csqlite_result_text_transient(context, $0.baseAddress, Int32(utf8.count))
            }
        }
    }
}
