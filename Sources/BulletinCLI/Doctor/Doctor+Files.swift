import BulletinCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Doctor {
    /// File and folder permissions: the configuration, the database and its folder, the link secret, the DKIM
    /// keys and the SMTP password file.
    func permissions(_ configuration: Configuration) -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let config = configuration.file.path
        if let mode = Self.mode(config), mode & 0o002 != 0 {
            findings.append(
                .problem(
                    "permissions", "\(config) can be changed by every user of this machine (mode \(Self.octal(mode))).",
                    "chmod 644 \(config)"))
        }
        findings += databaseFile(configuration.store.path.path)
        for file in SecretFileCheck.files(configuration) where file.isSecret {
            findings += secretFile(file.path, what: file.role)
        }
        return findings
    }

    private func databaseFile(_ path: String) -> [DoctorFinding] {
        let folder = (path as NSString).deletingLastPathComponent
        guard let mode = Self.mode(path) else {
            return [
                .problem(
                    "permissions", "There is no database at \(path).",
                    "Run `bulletin init --directory <the configuration's folder>` to create it, fix [store] path, "
                        + "or restore a backup with `bulletin store restore FILE`.")
            ]
        }
        var findings: [DoctorFinding] = []
        if access(path, R_OK | W_OK) != 0 {
            findings.append(
                .problem(
                    "permissions", "\(path) cannot be read and written by this user (\(Self.userName())).",
                    "Run Bulletin as the database's owner, or chown the file to the user that runs it."))
        }
        if access(folder, W_OK | X_OK) != 0 {
            findings.append(
                .problem(
                    "permissions",
                    "The database's folder \(folder) is not writable by this user: SQLite writes its -wal and "
                        + "-shm files there, and send its lock and journal.",
                    "chown the folder to the user that runs Bulletin, or make it writable for that user."))
        }
        if let who = SecretFileCheck.exposure(mode: mode, isSecret: false) {
            findings.append(
                .warning(
                    "permissions",
                    "\(path) is readable by \(who) (mode \(Self.octal(mode))); it holds the subscriber list.",
                    "chmod 600 \(path)"))
        }
        if findings.isEmpty {
            findings.append(.ok("permissions", "\(path) is private (mode \(Self.octal(mode))) and writable."))
        }
        return findings
    }

    private func secretFile(_ path: String, what: String) -> [DoctorFinding] {
        guard let mode = Self.mode(path) else {
            return [.problem("permissions", "\(path), \(what), does not exist.", "Create it, or fix the key.")]
        }
        if access(path, R_OK) != 0 {
            return [
                .problem(
                    "permissions", "\(path), \(what), cannot be read by this user (\(Self.userName())).",
                    "chown it to the user that runs Bulletin.")
            ]
        }
        if let who = SecretFileCheck.exposure(mode: mode, isSecret: true) {
            return [
                .problem(
                    "permissions",
                    "\(path), \(what), is readable by \(who) (mode \(Self.octal(mode))); it must stay private.",
                    "chmod 600 \(path)")
            ]
        }
        return [.ok("permissions", "\(path) is private (mode \(Self.octal(mode))).")]
    }

    /// The permission bits of a file; nil when it does not exist.
    static func mode(_ path: String) -> Int? { SecretFileCheck.mode(path) }

    /// `0600`.
    static func octal(_ mode: Int) -> String { String(format: "%04o", mode) }

    /// The name of the user this process runs as.
    static func userName() -> String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "uid \(geteuid())" }
        return String(cString: name)
    }
}
