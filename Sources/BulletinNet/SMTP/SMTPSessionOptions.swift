import BulletinCore
import CCurl

/// The libcurl options every SMTP session of a relay shares: address, TLS, login, timeouts.
enum SMTPSessionOptions {
    /// The URL libcurl connects to; its path is the EHLO name (libcurl's convention).
    static func url(for settings: Configuration.SMTP) -> String {
        let scheme = settings.tls == .implicit ? "smtps" : "smtp"
        let host = settings.host.contains(":") && !settings.host.hasPrefix("[") ? "[\(settings.host)]" : settings.host
        return "\(scheme)://\(host):\(settings.port)/\(settings.ehloName)"
    }

    /// `host:port`, for messages.
    static func relayName(for settings: Configuration.SMTP) -> String { "\(settings.host):\(settings.port)" }

    /// Applies the settings to a handle.
    static func apply(
        _ settings: Configuration.SMTP, password: String?, to easy: CurlEasyHandle
    )
        throws(CurlOptionError)
    {
        try easy.set(CURLOPT_URL, url(for: settings))
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_UPLOAD, 1)
        try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        // STARTTLS is required, never tried and dropped: a relay that does not offer it fails (RFC 3207).
        let useSSL = settings.tls == .none ? CURLUSESSL_NONE : CURLUSESSL_ALL
        try easy.set(CURLOPT_USE_SSL, Int(useSSL.rawValue))
        if let caFile = settings.caFile { try easy.set(CURLOPT_CAINFO, caFile.path) }
        if let username = settings.username {
            try easy.set(CURLOPT_USERNAME, username)
            if let password { try easy.set(CURLOPT_PASSWORD, password) }
        }
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeoutSeconds * 1_000)
        try easy.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, settings.messageTimeoutSeconds)
        try easy.set(CURLOPT_TIMEOUT_MS, (settings.connectTimeoutSeconds + settings.messageTimeoutSeconds) * 1_000)
        try easy.set(CURLOPT_TCP_KEEPALIVE, 1)
    }
}
