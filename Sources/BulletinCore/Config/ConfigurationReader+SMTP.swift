import Foundation

extension ConfigurationReader {
    /// Reads and checks `[smtp]`; `defaultEHLOName` (the From domain) is used when `ehlo_name` is not set.
    func smtp(defaultEHLOName: String) throws -> Configuration.SMTP {
        let urlText = try optionalString("smtp", "url") ?? Configuration.SMTP.defaultURL
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(),
            scheme == "smtp" || scheme == "smtps",
            let host = url.host, !host.isEmpty, url.path.isEmpty || url.path == "/", url.user == nil
        else {
            throw ConfigurationError(
                file: file, key: "smtp.url",
                problem: "'\(urlText)' is not a relay address; write it like smtp://mail.example.org:587 or "
                    + "smtps://mail.example.org:465 (no path, no user: use username).")
        }
        let tls = try tlsMode(scheme: scheme)
        let allowInsecure = try bool("smtp", "allow_insecure", default: false)
        if tls == .none, !allowInsecure, !Configuration.SMTP.isLoopback(host: host) {
            throw ConfigurationError(
                file: file, key: "smtp.tls",
                problem: "\"none\" sends passwords and messages in clear, which is allowed only to this machine, and "
                    + "\(host) does not resolve to loopback addresses alone (or does not resolve); use \"starttls\" or "
                    + "\"implicit\", or set allow_insecure = true if the network is trusted.")
        }
        let login = try login("smtp", required: false)
        let caFile = try caFile("smtp")
        let ehloName = try optionalString("smtp", "ehlo_name") ?? defaultEHLOName
        let ehloCharacters = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-[]:")
        guard !ehloName.isEmpty, ehloName.unicodeScalars.allSatisfy(ehloCharacters.contains) else {
            throw ConfigurationError(
                file: file, key: "smtp.ehlo_name",
                problem: "'\(ehloName)' is not a host name; give this machine's name, like mail.example.org.")
        }
        var envelopeFrom: EmailAddress?
        if let text = try optionalString("smtp", "envelope_from") {
            do {
                envelopeFrom = try EmailAddress(text)
            } catch {
                throw ConfigurationError(
                    file: file, key: "smtp.envelope_from",
                    problem: "'\(text)' is not an email address; give the address bounces should go to.")
            }
        }
        var settings = Configuration.SMTP(
            url: url, tls: tls, allowInsecure: allowInsecure, username: login.username,
            passwordEnvironmentVariable: login.passwordEnvironmentVariable, passwordFile: login.passwordFile,
            caFile: caFile,
            ehloName: ehloName,
            connectTimeoutSeconds: try integer(
                "smtp", "connect_timeout", default: Configuration.SMTP.defaultConnectTimeout, range: 1...600),
            messageTimeoutSeconds: try integer(
                "smtp", "message_timeout", default: Configuration.SMTP.defaultMessageTimeout, range: 1...3_600),
            connections: try integer(
                "smtp", "connections", default: Configuration.SMTP.defaultConnections, range: 1...64),
            maxMessagesPerConnection: try integer(
                "smtp", "max_messages_per_connection",
                default: Configuration.SMTP.defaultMaxMessagesPerConnection, range: 1...1_000_000),
            rate: try double("smtp", "rate", default: 0, range: 0...100_000),
            maxAttempts: try integer(
                "smtp", "max_attempts", default: Configuration.SMTP.defaultMaxAttempts, range: 1...100)
        )
        settings.envelopeFrom = envelopeFrom
        return settings
    }

    private func tlsMode(scheme: String) throws -> Configuration.SMTP.TLSMode {
        guard let text = try optionalString("smtp", "tls") else { return scheme == "smtps" ? .implicit : .starttls }
        guard let mode = Configuration.SMTP.TLSMode(rawValue: text.lowercased()) else {
            throw ConfigurationError(
                file: file, key: "smtp.tls", problem: "'\(text)' is not a TLS mode; use starttls, implicit or none.")
        }
        if (mode == .implicit) != (scheme == "smtps") {
            throw ConfigurationError(
                file: file, key: "smtp.tls",
                problem: mode == .implicit
                    ? "\"implicit\" needs an smtps:// url (usually port 465); change the url or use \"starttls\"."
                    : "\"\(mode.rawValue)\" does not go with an smtps:// url; use \"implicit\" or an smtp:// url.")
        }
        return mode
    }
}
