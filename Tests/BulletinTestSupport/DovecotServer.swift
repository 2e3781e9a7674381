import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private Dovecot (Debian `dovecot-imapd`, `dovecot-pop3d`) started by a test on 127.0.0.1 with a configuration
/// of its own in a temporary folder: one passwd-file user, a Maildir, IMAP and POP3 both in clear (loopback) and
/// with implicit TLS (a self-signed certificate made with `openssl req`). Stopped when released.
///
/// Run as root, Dovecot refuses root for its login processes and mail users, so they run as Debian's `dovenull` and
/// `dovecot` users and the Maildir is handed to `dovecot`; otherwise everything runs as the current user.
public final class DovecotServer {
    /// Where Debian installs it; tests are enabled only when it is there.
    public static let binary = "/usr/sbin/dovecot"
    /// Whether Dovecot is installed.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// The user name the server accepts.
    public let username = "bounces"
    /// That user's password.
    public let password = "inbound-secret"
    /// The temporary folder everything lives in.
    public let folder: URL
    /// The user's Maildir (INBOX is its `new/` and `cur/`; other folders are `.Name/`).
    public let maildir: URL
    /// The self-signed certificate (CN and subject name `localhost`, IP 127.0.0.1), for `ca_file`.
    public let certificate: URL
    /// Ports: IMAP in clear, IMAP with implicit TLS, POP3 in clear, POP3 with implicit TLS.
    public let imapPort: Int, imapsPort: Int, pop3Port: Int, pop3sPort: Int
    private let process = Process()
    private let owner: (uid: uid_t, gid: gid_t)?

    /// Writes the configuration (with `extraConfiguration`'s lines at its end) and certificate, starts
    /// `dovecot -F -c CONF`, and waits until all four ports take connections.
    public init(extraConfiguration: String = "") throws {
        folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("bulletin-dovecot-\(UUID().uuidString.prefix(8))")
        maildir = folder.appendingPathComponent("mail")
        certificate = folder.appendingPathComponent("cert.pem")
        let manager = FileManager.default
        for sub in ["new", "cur", "tmp"] {
            try manager.createDirectory(at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        // Dovecot's unprivileged processes must reach the configuration's files.
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let ports = try Self.freePorts(4)
        (imapPort, imapsPort, pop3Port, pop3sPort) = (ports[0], ports[1], ports[2], ports[3])

        let key = folder.appendingPathComponent("key.pem")
        try Self.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", certificate.path,
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])

        let asRoot = geteuid() == 0
        var mailUID = getuid()
        var mailGID = getgid()
        var internalUser = Self.userName(getuid())
        var loginUser = internalUser
        if asRoot, let dovecot = getpwnam("dovecot") {
            mailUID = dovecot.pointee.pw_uid
            mailGID = dovecot.pointee.pw_gid
            internalUser = "dovecot"
            loginUser = "dovenull"
        }
        owner = asRoot ? (mailUID, mailGID) : nil
        try chownTree(maildir)
        let users = folder.appendingPathComponent("users")
        try "\(username):{PLAIN}\(password):\(mailUID):\(mailGID)::\(maildir.path)\n".write(
            to: users, atomically: true, encoding: .utf8)
        let configuration = folder.appendingPathComponent("dovecot.conf")
        try """
        base_dir = \(folder.path)/run
        state_dir = \(folder.path)/state
        log_path = \(folder.path)/dovecot.log
        listen = 127.0.0.1
        protocols = imap pop3
        default_internal_user = \(internalUser)
        default_login_user = \(loginUser)
        ssl = yes
        ssl_cert = <\(certificate.path)
        ssl_key = <\(key.path)
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        passdb {
          driver = passwd-file
          args = scheme=PLAIN \(users.path)
        }
        userdb {
          driver = passwd-file
          args = \(users.path)
        }
        first_valid_uid = 0
        mail_location = maildir:\(maildir.path)
        pop3_uidl_format = %08Xu%08Xv
        service imap-login {
          chroot =
          inet_listener imap {
            port = \(imapPort)
          }
          inet_listener imaps {
            port = \(imapsPort)
            ssl = yes
          }
        }
        service pop3-login {
          chroot =
          inet_listener pop3 {
            port = \(pop3Port)
          }
          inet_listener pop3s {
            port = \(pop3sPort)
            ssl = yes
          }
        }
        service anvil {
          chroot =
        }
        \(extraConfiguration)

        """.write(to: configuration, atomically: true, encoding: .utf8)

        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["-F", "-c", configuration.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        for port in ports {
            while !Self.accepts(port: port) {
                guard process.isRunning, Date() < deadline else {
                    stop()
                    throw DovecotError(log: log)
                }
                usleep(50_000)
            }
        }
    }

    deinit { stop() }

    /// Dovecot's log so far, for a failing test.
    public var log: String {
        (try? String(contentsOf: folder.appendingPathComponent("dovecot.log"), encoding: .utf8)) ?? ""
    }

    /// Puts a message in the INBOX (`new/`), as a delivery agent would; returns its file name.
    @discardableResult
    public func deliver(_ message: String) throws -> String {
        let name = "\(Int(Date().timeIntervalSince1970)).\(UUID().uuidString.prefix(12)).bulletin-test"
        let temporary = maildir.appendingPathComponent("tmp/\(name)")
        try Data(message.utf8).write(to: temporary)
        try chownTree(temporary)
        try FileManager.default.moveItem(at: temporary, to: maildir.appendingPathComponent("new/\(name)"))
        return name
    }

    /// The message files of a folder (`nil` for INBOX, else a folder name like `Processed`), in `new/` and `cur/`.
    public func files(in folderName: String? = nil) -> [URL] {
        let root = folderName.map { maildir.appendingPathComponent(".\($0)") } ?? maildir
        return ["new", "cur"].flatMap { sub in
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(sub).path)) ?? [])
                .map { root.appendingPathComponent("\(sub)/\($0)") }
        }
    }

    /// Stops the server and removes its folder.
    public func stop() {
        if process.isRunning {
            process.terminate()
            // The master waits for busy children; its children end on their own once it is gone.
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private func chownTree(_ url: URL) throws {
        guard let owner else { return }
        var paths = [url.path]
        if let more = FileManager.default.enumerator(atPath: url.path) {
            for case let path as String in more { paths.append(url.appendingPathComponent(path).path) }
        }
        for path in paths where chown(path, owner.uid, owner.gid) != 0 {
            throw DovecotError(log: "chown \(path) failed: errno \(errno)")
        }
    }

    private static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "nobody" }
        return String(cString: name)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = arguments
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else {
            throw DovecotError(log: "\(executable) \(arguments.joined(separator: " ")) failed")
        }
    }

    /// Ports the kernel hands out for port 0, all held open until every one is chosen so that none repeats.
    public static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { sockets.forEach { _ = Glibc.close($0) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            sockets.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
                }
            }
            guard bound else { throw DovecotError(log: "no free port: errno \(errno)") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// Dovecot did not start; the log says why.
public struct DovecotError: Error, CustomStringConvertible {
    /// Dovecot's log, or what failed before it ran.
    public let log: String
    public var description: String { "Dovecot did not start: \(log)" }
}
