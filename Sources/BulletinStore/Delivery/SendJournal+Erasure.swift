import BulletinCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension SendJournal {
    /// Drops every line of one subscriber from the journal of the database at `databasePath`, for `subscribers
    /// remove`: the lines name the subscriber by id, and a relay's reply in them may quote the address.
    ///
    /// The journal is rewritten beside itself (mode 0600) and renamed over the old one, while holding the send
    /// lock so that no running send appends to the old file meanwhile.
    ///
    /// - Returns: true when the journal holds no line of the subscriber any more (or there is none); false when
    ///   a send is running, which deletes its journal once it ends.
    /// - Throws: ``SendJournalError`` when the journal cannot be read or rewritten, ``SendLockError`` when the
    ///   lock cannot be taken for another reason than a running send.
    public static func erase(subscriberID: Int64, databasePath: String) throws -> Bool {
        let path = Self.path(forDatabase: databasePath)
        guard FileManager.default.fileExists(atPath: path) else { return true }
        let lock: SendLock
        do {
            lock = try SendLock(path: SendLock.path(forDatabase: databasePath))
        } catch SendLockError.busy {
            return false
        }
        defer { withExtendedLifetime(lock) {} }
        guard let data = FileManager.default.contents(atPath: path) else { throw SendJournalError.cannotRead(path) }
        let id = Array(String(subscriberID).utf8)
        var kept: [UInt8] = []
        kept.reserveCapacity(data.count)
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            let fields = line.split(separator: 0x09, maxSplits: 3, omittingEmptySubsequences: false)
            if fields.count >= 3, Array(fields[2]) == id { continue }
            kept += line
            kept.append(0x0A)
        }
        let temporary = path + ".erasing"
        unlink(temporary)
        do {
            try PrivateFile.create(temporary, holding: kept)
        } catch let error as PrivateFileError {
            throw SendJournalError.cannotWrite(temporary, error.reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw SendJournalError.cannotWrite(path, reason)
        }
        return true
    }
}
