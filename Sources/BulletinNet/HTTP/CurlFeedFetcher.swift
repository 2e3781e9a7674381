import BulletinCore
import CCurl
import Foundation

/// Fetches feeds with one libcurl easy handle, reused across fetches (one connection per host).
///
/// At most ``maxRedirects`` redirects, connect and total timeouts, gzip/deflate accepted, a User-Agent naming
/// Bulletin and its version, and a conditional GET when validators are given.
public final class CurlFeedFetcher: FeedFetcher {
    private let handle: UnsafeMutableRawPointer
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
        CurlRuntime.initialize()
        guard let handle = curl_easy_init() else {
            throw HTTPFetchError.cannotStart
        }
        self.handle = handle
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxRedirects = maxRedirects
        self.maxBytes = maxBytes
        self.userAgent = userAgent
    }

    deinit {
        curl_easy_cleanup(handle)
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
        curl_easy_reset(handle)
        let transfer = Transfer(limit: maxBytes)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        if let etag = validators?.etag { headerList = curl_slist_append(headerList, "If-None-Match: \(etag)") }
        if let date = validators?.lastModified {
            headerList = curl_slist_append(headerList, "If-Modified-Since: \(date)")
        }
        headerList = curl_slist_append(
            headerList,
            "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8"
        )
        defer { curl_slist_free_all(headerList) }

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            ccurl_easy_setopt_string(handle, CURLOPT_URL, address)
            ccurl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
            ccurl_easy_setopt_long(handle, CURLOPT_MAXREDIRS, maxRedirects)
            ccurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
            ccurl_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
            ccurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, connectTimeout)
            ccurl_easy_setopt_long(handle, CURLOPT_TIMEOUT, totalTimeout)
            ccurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            // An empty string asks for every encoding libcurl can decode (gzip, deflate, …).
            ccurl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
            ccurl_easy_setopt_string(handle, CURLOPT_USERAGENT, userAgent)
            ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
            ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            ccurl_easy_setopt_write_function(handle, curlFeedWrite)
            ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
            ccurl_easy_setopt_header_function(handle, curlFeedHeader)
            ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
            return curl_easy_perform(handle)
        }
        let message = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var status = 0
        ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)

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
        var effective: UnsafeMutablePointer<CChar>?
        ccurl_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.flatMap { URL(string: String(cString: $0)) } ?? url
        return .fetched(body: transfer.body, finalURL: finalURL, validators: received)
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
