import BulletinCore
import Foundation
import Logging

/// Warns about key files that other users of the machine can read: the link secret (anyone holding it can
/// unsubscribe or re-subscribe anyone), the DKIM private keys (they sign mail as the domain) and the SMTP
/// `password_file`; and about a database an older Bulletin created readable by all. `init`, `send` and `serve`
/// check them before they use them.
enum SecretFileCheck {
    /// The configured secret files whose mode lets users other than the owner (and the group) read them.
    static func exposedFiles(_ configuration: Configuration) -> [(role: String, path: String, mode: Int)] {
        var files: [(String, URL)] = [("the link secret", configuration.links.secretFile)]
        for key in configuration.dkim?.keys ?? [] {
            files.append(("the DKIM key of selector \(key.selector)", key.privateKey))
        }
        if let passwordFile = configuration.smtp.passwordFile {
            files.append(("the SMTP password_file", passwordFile))
        }
        files.append(("the subscriber database", configuration.store.path))
        return files.compactMap { role, url in
            var status = stat()
            guard stat(url.path, &status) == 0 else { return nil }
            let mode = Int(status.st_mode) & 0o777
            return mode & 0o004 != 0 ? (role, url.path, mode) : nil
        }
    }

    /// Logs one warning per exposed file, saying how to fix it.
    static func warn(_ configuration: Configuration, logger: Logger) {
        for file in exposedFiles(configuration) {
            logger.warning(
                "\(file.role) \(file.path) is readable by every user of this machine (mode \(String(file.mode, radix: 8))); run `chmod 600 \(file.path)`."
            )
        }
    }
}
