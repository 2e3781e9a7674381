import CCurl

/// One libcurl easy handle, freed with the object. Reused for many transfers so that libcurl keeps its connection.
final class CurlEasyHandle {
    /// The C handle.
    let raw: UnsafeMutableRawPointer
    /// libcurl writes a one-line explanation of the last failure here (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The slist of the current transfer (like CURLOPT_MAIL_RCPT or CURLOPT_HTTPHEADER); libcurl does not copy it.
    private var transferList: UnsafeMutablePointer<curl_slist>?
    /// Whether ``close()`` freed the handle already.
    private var closed = false

    /// Makes a handle; nil when libcurl is out of memory.
    init?() {
        CurlRuntime.initialize()
        guard let handle = curl_easy_init() else { return nil }
        raw = handle
        errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        close()
        errorBuffer.deallocate()
    }

    /// Frees the handle now, closing its connections (an SMTP session says QUIT and waits for the reply), on the
    /// calling thread; the handle must not be used afterwards.
    func close() {
        guard !closed else { return }
        closed = true
        curl_easy_cleanup(raw)
        if let transferList { curl_slist_free_all(transferList) }
        transferList = nil
    }

    /// Sets a numeric option.
    func set(_ option: CURLoption, _ value: Int) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_long(raw, option, value), option)
    }

    /// Sets a string option; libcurl copies it.
    func set(_ option: CURLoption, _ value: String) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_string(raw, option, value), option)
    }

    /// Sets a pointer option (like CURLOPT_READDATA); the caller keeps the pointee alive.
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_pointer(raw, option, pointer), option)
    }

    /// Sets a size option (like CURLOPT_INFILESIZE_LARGE).
    func set(_ option: CURLoption, size: Int) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_off_t(raw, option, curl_off_t(size)), option)
    }

    /// Sets a list option to the given strings, keeping the list alive until the next call or the handle's end.
    func setList(_ option: CURLoption, _ values: [String]) throws(CurlOptionError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values { list = curl_slist_append(list, value) }
        try check(ccurl_easy_setopt_slist(raw, option, list), option)
        if let transferList { curl_slist_free_all(transferList) }
        transferList = list
    }

    /// Sets CURLOPT_WRITEFUNCTION, which receives the body; its context is CURLOPT_WRITEDATA.
    func setWriteFunction(_ callback: curl_write_callback) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_write_function(raw, callback), CURLOPT_WRITEFUNCTION)
    }

    /// Sets CURLOPT_HEADERFUNCTION, which receives each header line; its context is CURLOPT_HEADERDATA.
    func setHeaderFunction(_ callback: curl_write_callback) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_header_function(raw, callback), CURLOPT_HEADERFUNCTION)
    }

    /// Sets CURLOPT_READFUNCTION, which supplies the upload; its context is CURLOPT_READDATA.
    func setReadFunction(_ callback: curl_read_callback) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_read_function(raw, callback), CURLOPT_READFUNCTION)
    }

    /// Returns every option to its default (curl_easy_reset) but keeps the connections and caches, and points
    /// libcurl at the error buffer again.
    func reset() throws(CurlOptionError) {
        curl_easy_reset(raw)
        clearError()
        try set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
    }

    /// Clears the error buffer before a transfer, so that a stale message is never reported.
    func clearError() { errorBuffer[0] = 0 }

    /// The last failure's explanation, or "" when libcurl wrote none.
    var errorMessage: String { String(cString: errorBuffer) }

    /// CURLINFO_RESPONSE_CODE: the last server reply code libcurl saw, 0 when none.
    var responseCode: Int {
        var code = 0
        _ = ccurl_easy_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// CURLINFO_EFFECTIVE_URL: the address of the last transfer after redirects, nil when libcurl has none.
    var effectiveURL: String? {
        var url: UnsafeMutablePointer<CChar>?
        guard ccurl_easy_getinfo_string(raw, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK, let url else { return nil }
        return String(cString: url)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlOptionError) {
        guard code == CURLE_OK else { throw CurlOptionError(option: Int(option.rawValue), code: Int(code.rawValue)) }
    }
}

/// libcurl refused an option: this libcurl lacks a feature Bulletin needs.
struct CurlOptionError: Error, Sendable {
    /// The CURLoption number.
    var option: Int
    /// The CURLcode.
    var code: Int
}
