import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small HTTP/1.1 client over Foundation's URLSession, for talking to the running server.
struct HTTPClient: Sendable {
    /// What came back.
    struct Reply: Sendable {
        var status: Int
        var body: String
        var headers: [String: String]

        /// A header, by name in any case.
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    let base: URL

    /// GET a path (with its query).
    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send("GET", path, body: nil, headers: headers)
    }

    /// POST form fields, form-encoded.
    func post(_ path: String, form: [(String, String)], headers: [String: String] = [:]) async throws -> Reply {
        let body = form.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return try await send("POST", path, body: Data(body.utf8), headers: all)
    }

    /// POST a body as it is.
    func post(_ path: String, body: Data, contentType: String) async throws -> Reply {
        try await send("POST", path, body: body, headers: ["Content-Type": contentType])
    }

    func send(_ method: String, _ path: String, body: Data?, headers: [String: String]) async throws -> Reply {
        guard let url = URL(string: path, relativeTo: base) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name] = value }
        }
        return Reply(status: http.statusCode, body: String(decoding: data, as: UTF8.self), headers: fields)
    }

    /// Form-encodes one name or value.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
