import CCurl

/// The libcurl library this build links: its one-time global set-up and what it supports.
public enum CurlRuntime {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// Runs `curl_global_init` once per process; call before making any handle.
    ///
    /// - Returns: false when libcurl could not initialize (out of memory, TLS library failure).
    @discardableResult
    public static func initialize() -> Bool { initialized }

    /// libcurl's version, like `7.88.1`.
    public static var version: String {
        guard let info = ccurl_version_info_now() else { return "unknown" }
        return String(cString: info.pointee.version)
    }

    /// The TLS library libcurl uses, like `OpenSSL/3.0.15`; nil when it was built without TLS.
    public static var tlsVersion: String? {
        guard let info = ccurl_version_info_now(), let ssl = info.pointee.ssl_version else { return nil }
        return String(cString: ssl)
    }

    /// The URL schemes libcurl handles: `http`, `https`, `smtp`, `smtps`, …
    public static var protocols: Set<String> {
        guard let info = ccurl_version_info_now(), var entry = info.pointee.protocols else { return [] }
        var result = Set<String>()
        while let name = entry.pointee {
            result.insert(String(cString: name))
            entry = entry.advanced(by: 1)
        }
        return result
    }
}
