import BulletinCore
import CCurl
import Foundation

/// Fetches feeds with one libcurl easy handle, reused across fetches (one connection per host).
///
/// At most ``maxRedirects`` redirects, connect and total timeouts, gzip/deflate accepted, a User-Agent naming
/// Bulletin and its version, and a conditional GET when validators are given.
public final class CurlFeedFetcher: FeedFetcher {
    private let easy: CurlEasyHandle
    /// Seconds to wait for the connection.
    public let connectTimeout: Int
    /// Seconds for the whole transfer.
    public let totalTimeout: Int
    /// Redirects followed at most.
    public let maxRedirects: Int
    /// The largest body accepted, in bytes.
    public let maxBytes: Int
    /// The User-Agent header.
    public let userAgent: String

    /// Creates a fetcher.
    ///
    /// - Throws: ``HTTPFetchError/cannotStart`` when libcurl cannot make a handle.
    public init(
        connectTimeout: Int = 10, totalTimeout: Int = 30, maxRedirects: Int = 5, maxBytes: Int = 32 << 20,
        userAgent: String = "Bulletin/\(BulletinVersion.current) (feed import)"
    ) throws {
        guard let easy = CurlEasyHandle() else { throw HTTPFetchError.cannotStart }
        self.easy = easy
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxRedirects = maxRedirects
        self.maxBytes = maxBytes
        self.userAgent = userAgent
    }

    /// Collects the body and headers of one transfer.
    fileprivate final class Transfer {
        var body = Data()
        var headers: [String: String] = [:]
        let limit: Int
        var overflow = false

        init(limit: Int) {
            self.limit = limit
        }
    }

    public func fetch(_ url: URL, validators: HTTPValidators?) throws -> HTTPFetchResult {
        let address = url.absoluteString
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw HTTPFetchError.unsupportedURL(address)
        }
        let transfer = Transfer(limit: maxBytes)
        do {
            try prepare(address, validators: validators, context: Unmanaged.passUnretained(transfer).toOpaque())
        } catch {
            throw HTTPFetchError.optionRefused(url: address, option: error.option, curlCode: error.code)
        }
        let code = withExtendedLifetime(transfer) { curl_easy_perform(easy.raw) }
        let message = easy.errorMessage
        let status = easy.responseCode

        switch code {
        case CURLE_OK:
            break
        case CURLE_OPERATION_TIMEDOUT:
            throw HTTPFetchError.timeout(url: address, seconds: totalTimeout)
        case CURLE_TOO_MANY_REDIRECTS:
            throw HTTPFetchError.tooManyRedirects(url: address, limit: maxRedirects)
        case CURLE_WRITE_ERROR where transfer.overflow:
            throw HTTPFetchError.tooLarge(url: address, limit: maxBytes)
        default:
            throw HTTPFetchError.transport(
                url: address, curlCode: Int(code.rawValue),
                message: message.isEmpty ? String(cString: curl_easy_strerror(code)) : message)
        }
        let received = HTTPValidators(etag: transfer.headers["etag"], lastModified: transfer.headers["last-modified"])
        if status == 304 {
            // A 304 may omit the validators; keep the ones sent.
            return .notModified(
                HTTPValidators(
                    etag: received.etag ?? validators?.etag,
                    lastModified: received.lastModified ?? validators?.lastModified))
        }
        guard (200..<300).contains(status) else { throw HTTPFetchError.status(url: address, code: status) }
        let finalURL = easy.effectiveURL.flatMap { URL(string: $0) } ?? url
        return .fetched(body: transfer.body, finalURL: finalURL, validators: received)
    }

    /// Sets every option of one fetch on the reset handle; `context` is the ``Transfer`` the callbacks fill.
    private func prepare(
        _ address: String, validators: HTTPValidators?, context: UnsafeMutableRawPointer
    ) throws(CurlOptionError) {
        try easy.reset()
        var headers: [String] = []
        if let etag = validators?.etag { headers.append("If-None-Match: \(etag)") }
        if let date = validators?.lastModified { headers.append("If-Modified-Since: \(date)") }
        headers.append(
            "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8"
        )
        try easy.set(CURLOPT_URL, address)
        try easy.set(CURLOPT_FOLLOWLOCATION, 1)
        try easy.set(CURLOPT_MAXREDIRS, maxRedirects)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_CONNECTTIMEOUT, connectTimeout)
        try easy.set(CURLOPT_TIMEOUT, totalTimeout)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        // An empty string asks for every encoding libcurl can decode (gzip, deflate, …).
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        try easy.set(CURLOPT_USERAGENT, userAgent)
        try easy.setList(CURLOPT_HTTPHEADER, headers)
        try easy.setWriteFunction(curlFeedWrite)
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.setHeaderFunction(curlFeedHeader)
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
    }

    fileprivate static func transfer(_ pointer: UnsafeMutableRawPointer?) -> Transfer? {
        pointer.map { Unmanaged<Transfer>.fromOpaque($0).takeUnretainedValue() }
    }

    fileprivate static func append(
        _ data: UnsafeMutablePointer<CChar>?, _ count: Int, to pointer: UnsafeMutableRawPointer?
    )
        -> Int
    {
        guard let transfer = transfer(pointer), let data else { return 0 }
        if transfer.body.count + count > transfer.limit {
            transfer.overflow = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: count) { transfer.body.append($0, count: count) }
        return count
    }

    fileprivate static func header(
        _ data: UnsafeMutablePointer<CChar>?, _ count: Int, to pointer: UnsafeMutableRawPointer?
    )
        -> Int
    {
        guard let transfer = transfer(pointer), let data else { return 0 }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") {
            // A new response (after a redirect or a 100 Continue): forget the previous one's headers.
            transfer.headers = [:]
            transfer.body = Data()
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            transfer.headers[name] = value
        }
        return count
    }
}

private func curlFeedWrite(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    CurlFeedFetcher.append(data, size * count, to: context)
}

private func curlFeedHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    CurlFeedFetcher.header(data, size * count, to: context)
}
