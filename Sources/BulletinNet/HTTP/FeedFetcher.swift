import BulletinCore
import Foundation

/// Fetches a feed over HTTP: the seam between the import and the network.
public protocol FeedFetcher {
    /// Fetches `url`, sending `If-None-Match`/`If-Modified-Since` from `validators`.
    ///
    /// - Throws: ``HTTPFetchError`` for HTTP errors, timeouts and network failures.
    func fetch(_ url: URL, validators: HTTPValidators?) throws -> HTTPFetchResult
}

/// The `ETag` and `Last-Modified` of an earlier response.
public struct HTTPValidators: Sendable, Equatable {
    /// `ETag`, as sent.
    public var etag: String?
    /// `Last-Modified`, as sent.
    public var lastModified: String?

    /// Creates validators.
    public init(etag: String?, lastModified: String?) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// What a fetch returned.
public enum HTTPFetchResult: Sendable, Equatable {
    /// 304: the feed has not changed since the validators were given.
    case notModified(HTTPValidators)
    /// 2xx: the body (decompressed), the URL after redirects, and the new validators.
    case fetched(body: Data, finalURL: URL, validators: HTTPValidators)
}

/// A feed could not be fetched. Every message names the URL.
public enum HTTPFetchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The server answered with an error status.
    case status(url: String, code: Int)
    /// No complete answer within the time limit.
    case timeout(url: String, seconds: Int)
    /// More redirects than allowed.
    case tooManyRedirects(url: String, limit: Int)
    /// The body is larger than allowed.
    case tooLarge(url: String, limit: Int)
    /// A network or TLS failure, with libcurl's code and message.
    case transport(url: String, curlCode: Int, message: String)
    /// Not an http(s) URL.
    case unsupportedURL(String)
    /// libcurl could not make a handle (it is out of memory): nothing was fetched.
    case cannotStart
    /// libcurl refused an option the fetch needs (a libcurl built without HTTP, TLS or a feature Bulletin
    /// relies on), with the CURLoption number and libcurl's code: nothing was fetched.
    case optionRefused(url: String, option: Int, curlCode: Int)

    public var description: String {
        switch self {
        case .status(let url, let code):
            return "\(url) answered HTTP \(code) (\(Self.reason(code))); check the feed's address, or try again "
                + "later if the server is failing."
        case .timeout(let url, let seconds):
            return "\(url) did not answer within \(seconds) s (timeout); check the address and the network, or "
                + "try again later."
        case .tooManyRedirects(let url, let limit):
            return "\(url) redirected more than \(limit) times; give the feed's final address."
        case .tooLarge(let url, let limit):
            return "\(url) sent more than \(limit / 1_048_576) MiB, too much for a feed; check the address."
        case .transport(let url, let code, let message):
            return "\(url) could not be fetched (curl error \(code): \(message)); check the address and the "
                + "network."
        case .cannotStart:
            return "libcurl could not create a handle (is the machine out of memory?); try again."
        case .optionRefused(let url, let option, let code):
            return "libcurl refused option \(option) (curl error \(code)), so \(url) was not fetched; install a "
                + "libcurl with HTTP and TLS support (curl --version lists its protocols and features)."
        case .unsupportedURL(let url):
            return "\(url) is not an http or https address; give a file path, - or a web address."
        }
    }

    private static func reason(_ code: Int) -> String {
        switch code {
        case 400: return "bad request"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not found"
        case 410: return "gone"
        case 429: return "too many requests"
        case 500: return "internal server error"
        case 502: return "bad gateway"
        case 503: return "service unavailable"
        case 504: return "gateway timeout"
        default: return code >= 500 ? "server error" : "client error"
        }
    }
}
