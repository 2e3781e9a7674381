import Foundation

extension ConfigurationReader {
    /// The keys of `[inbound]`.
    static let inboundKeys: Set<String> = [
        "url", "tls", "username", "password_env", "password_file", "processed_folder", "ca_file",
    ]

    /// Reads and checks `[inbound]`; nil when the section is absent.
    func inbound() throws -> Configuration.Inbound? {
        guard table["inbound"] != nil else { return nil }
        let urlText = try requiredString("inbound", "url")
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(),
            ["imap", "imaps", "pop3", "pop3s"].contains(scheme), let host = url.host, !host.isEmpty,
            url.user == nil, url.query == nil, url.fragment == nil
        else {
            throw ConfigurationError(
                file: file, key: "inbound.url",
                problem: "'\(urlText)' is not a mailbox address; write it like imaps://mail.example.org/INBOX or "
                    + "pop3s://mail.example.org (no user: use username).")
        }
        let accessProtocol: Configuration.Inbound.AccessProtocol = scheme.hasPrefix("imap") ? .imap : .pop3
        let implicitScheme = scheme.hasSuffix("s")
        if accessProtocol == .pop3, !(url.path.isEmpty || url.path == "/") {
            throw ConfigurationError(
                file: file, key: "inbound.url",
                problem: "'\(urlText)' has a path, but POP3 has no folders; write it like pop3s://mail.example.org.")
        }
        let tls = try inboundTLS(implicitScheme: implicitScheme, scheme: scheme)
        if tls == .none, !Configuration.SMTP.isLoopback(host: host) {
            throw ConfigurationError(
                file: file, key: "inbound.tls",
                problem: "\"none\" sends the password and the mail in clear, which is allowed only to this machine, "
                    + "and \(host) does not resolve to loopback addresses alone; use \"starttls\" or an "
                    + "\(accessProtocol.rawValue)s:// url.")
        }
        let login = try login("inbound", required: true)
        let processedFolder = try optionalString("inbound", "processed_folder")
        if let processedFolder {
            guard accessProtocol == .imap else {
                throw ConfigurationError(
                    file: file, key: "inbound.processed_folder",
                    problem: "works with IMAP only; POP3 deletes a message once it is processed, so remove the key.")
            }
            guard Self.isUsableFolderName(processedFolder) else {
                throw ConfigurationError(
                    file: file, key: "inbound.processed_folder",
                    problem: "'\(processedFolder)' is not a folder name Bulletin can use; use printable ASCII "
                        + "without double quotes, like \"Processed\".")
            }
        }
        let caFile = try caFile("inbound")
        let inbound = Configuration.Inbound(
            url: url, accessProtocol: accessProtocol, tls: tls, username: login.username ?? "",
            passwordEnvironmentVariable: login.passwordEnvironmentVariable, passwordFile: login.passwordFile,
            processedFolder: processedFolder, caFile: caFile)
        if let folder = inbound.folder, !Self.isUsableFolderName(folder) {
            throw ConfigurationError(
                file: file, key: "inbound.url",
                problem: "the folder '\(folder)' is not a name Bulletin can use; use printable ASCII without "
                    + "double quotes, like INBOX.")
        }
        return inbound
    }

    /// Whether `name` can be written in an IMAP command as Bulletin quotes it: printable ASCII without `"`.
    private static func isUsableFolderName(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" }
    }

    private func inboundTLS(implicitScheme: Bool, scheme: String) throws -> Configuration.SMTP.TLSMode {
        guard let text = try optionalString("inbound", "tls") else { return implicitScheme ? .implicit : .starttls }
        guard let mode = Configuration.SMTP.TLSMode(rawValue: text.lowercased()) else {
            throw ConfigurationError(
                file: file, key: "inbound.tls", problem: "'\(text)' is not a TLS mode; use implicit, starttls or none.")
        }
        if (mode == .implicit) != implicitScheme {
            throw ConfigurationError(
                file: file, key: "inbound.tls",
                problem: mode == .implicit
                    ? "\"implicit\" needs an imaps:// or pop3s:// url; change the url or use \"starttls\"."
                    : "\"\(mode.rawValue)\" does not go with a \(scheme):// url; use \"implicit\" or drop the s.")
        }
        return mode
    }
}
