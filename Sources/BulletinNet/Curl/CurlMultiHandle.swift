import CCurl

/// One libcurl multi handle, which drives several easy handles at once; freed with the object.
final class CurlMultiHandle {
    /// The C handle.
    let raw: UnsafeMutableRawPointer

    /// Makes a multi handle keeping at most `connections` connections; nil when libcurl is out of memory.
    init?(connections: Int) {
        CurlRuntime.initialize()
        guard let handle = curl_multi_init() else { return nil }
        raw = handle
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, connections)
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_TOTAL_CONNECTIONS, connections)
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    /// Starts driving `easy`; false when libcurl refuses it.
    func add(_ easy: CurlEasyHandle) -> Bool {
        curl_multi_add_handle(raw, easy.raw) == CURLM_OK
    }

    /// Stops driving `easy`, which keeps its settings and may be added again.
    func remove(_ easy: CurlEasyHandle) {
        curl_multi_remove_handle(raw, easy.raw)
    }

    /// Does whatever work is ready without blocking; returns the number of transfers still running.
    func perform() -> Int {
        var running: Int32 = 0
        _ = curl_multi_perform(raw, &running)
        return Int(running)
    }

    /// Waits until a transfer has something to do or `milliseconds` pass.
    func poll(milliseconds: Int) {
        var ready: Int32 = 0
        _ = curl_multi_poll(raw, nil, 0, Int32(milliseconds), &ready)
    }

    /// The transfers that finished since the last call: each easy handle with its CURLcode.
    func finished() -> [(handle: UnsafeMutableRawPointer, code: CURLcode)] {
        var result: [(handle: UnsafeMutableRawPointer, code: CURLcode)] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(raw, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            result.append((handle, message.pointee.data.result))
        }
        return result
    }
}
