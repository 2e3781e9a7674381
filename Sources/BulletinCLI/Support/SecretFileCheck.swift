import BulletinCore
import Foundation
import Logging

/// Who may read the files that must stay private: the link secret (anyone holding it can unsubscribe or
/// re-subscribe anyone), the DKIM private keys (they sign mail as the domain), the SMTP `password_file`, and the
/// subscriber database. `init`, `send` and `serve` warn about them before they use them; `bulletin doctor` reports
/// them as problems. One list and one rule for both.
enum SecretFileCheck {
    /// A file that must stay private, and how private.
    struct PrivateFile {
        /// What the file is, for messages ("the link secret").
        let role: String
        let path: String
        /// A key or a password: no one but its owner may read it. The database may be shared with a group
        /// (`[store] mode`).
        let isSecret: Bool
    }

    /// The configured secrets, then the database.
    static func files(_ configuration: Configuration) -> [PrivateFile] {
        var files = [PrivateFile(role: "the link secret", path: configuration.links.secretFile.path, isSecret: true)]
        for key in configuration.dkim?.keys ?? [] {
            files.append(
                PrivateFile(role: "the DKIM key of selector \(key.selector)", path: key.privateKey.path, isSecret: true)
            )
        }
        if let passwordFile = configuration.smtp.passwordFile {
            files.append(PrivateFile(role: "the SMTP password_file", path: passwordFile.path, isSecret: true))
        }
        files.append(
            PrivateFile(role: "the subscriber database", path: configuration.store.path.path, isSecret: false))
        return files
    }

    /// Who else may read a file of `mode` ("every user of this machine", "its group"), or nil when no one may who
    /// should not.
    static func exposure(mode: Int, isSecret: Bool) -> String? {
        if mode & 0o004 != 0 { return "every user of this machine" }
        if isSecret, mode & 0o070 != 0 { return "its group" }
        return nil
    }

    /// The permission bits of a file; nil when it does not exist.
    static func mode(_ path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int(status.st_mode) & 0o7777
    }

    /// Logs one warning per exposed file, saying how to fix it.
    static func warn(_ configuration: Configuration, logger: Logger) {
        for file in files(configuration) {
            guard let mode = mode(file.path), let who = exposure(mode: mode, isSecret: file.isSecret) else { continue }
            logger.warning(
                "\(file.role) \(file.path) is readable by \(who) (mode \(String(mode, radix: 8))); run `chmod 600 \(file.path)`."
            )
        }
    }
}
