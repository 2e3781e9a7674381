import BulletinCore
import CCurl
import Foundation

/// Fetches `[inbound]` mail over IMAP or POP3 with one libcurl easy handle, so that a run uses one connection,
/// one TLS session and one login.
///
/// IMAP: the folder's `UID SEARCH UNSEEN` messages (or all of them when processed messages are moved away) are
/// fetched by UID; a processed one is moved with `UID MOVE` to `processed_folder` (created when missing; on a
/// server without MOVE copied there, flagged `\Deleted` and expunged) or flagged `\Seen`. libcurl fetches with
/// `BODY[]`, which sets `\Seen`, so a message whose processing failed gets the flag taken off again. POP3: every
/// message of the maildrop (LIST), fetched with RETR, deleted with DELE once processed; the deletions take effect
/// at QUIT, when the fetcher is closed.
///
/// - SeeAlso: RFC 9051 (IMAP4rev2), RFC 6851 (IMAP MOVE), RFC 4315 (UIDPLUS), RFC 5092 (IMAP URLs), RFC 1939
///   (POP3).
public final class CurlInboundFetcher: InboundFetcher {
    private let settings: Configuration.Inbound
    private let password: String
    private let easy: CurlEasyHandle
    /// `scheme://host:port`, without a path.
    private let base: String
    /// `host:port`, for messages.
    private let server: String
    /// Whether the login and the folder were checked.
    private var checked = false
    /// Whether `CREATE processed_folder` was tried in this run.
    private var createdFolder = false
    /// The server's capabilities after login (upper-cased), asked once when a message is first moved.
    private var capabilities: Set<String>?
    /// The most of one message kept; the rest is read and dropped.
    private let maxBytes: Int

    /// Makes a fetcher for the mailbox of `settings`, logging in with `password` at the first call.
    ///
    /// - Throws: ``InboundFetchError/setupFailed(detail:)`` when libcurl cannot make a handle.
    public init(
        settings: Configuration.Inbound, password: String, maxBytes: Int = InboundMailbox.maximumMessageSize
    )
        throws
    {
        guard let easy = CurlEasyHandle() else { throw InboundFetchError.setupFailed(detail: "no easy handle") }
        self.settings = settings
        self.password = password
        self.easy = easy
        self.maxBytes = maxBytes
        let scheme = settings.accessProtocol.rawValue + (settings.tls == .implicit ? "s" : "")
        let host = settings.host.contains(":") && !settings.host.hasPrefix("[") ? "[\(settings.host)]" : settings.host
        base = "\(scheme)://\(host):\(settings.port)"
        server = "\(host):\(settings.port)"
    }

    /// Whether ``close()`` ended the session; the handle is freed then and must not be used again.
    private var isClosed = false

    deinit { easy.close() }

    public func close() {
        isClosed = true
        easy.close()
    }

    public func pending() throws -> [InboundMessageReference] {
        switch settings.accessProtocol {
        case .imap:
            let folder = settings.folder ?? "INBOX"
            try checkIMAPFolder(folder)
            let search = settings.processedFolder == nil ? "UID SEARCH UNSEEN" : "UID SEARCH ALL"
            let answer = try perform(url: folderURL(folder), command: search)
            let uids = Self.lines(answer).flatMap { line -> [Int] in
                guard line.uppercased().hasPrefix("* SEARCH") else { return [] }
                return line.dropFirst("* SEARCH".count).split(separator: " ").compactMap { Int($0) }
            }
            return uids.sorted().map {
                InboundMessageReference(identifier: String($0), source: "\(displayBase)/\(folder);UID=\($0)")
            }
        case .pop3:
            let answer = try perform(url: base + "/", command: nil)
            checked = true
            return Self.lines(answer).compactMap { line in
                guard let number = line.split(separator: " ").first.flatMap({ Int($0) }) else { return nil }
                return InboundMessageReference(identifier: String(number), source: "\(displayBase)/\(number)")
            }
        }
    }

    public func fetch(_ message: InboundMessageReference) throws -> [UInt8] {
        switch settings.accessProtocol {
        case .imap: try perform(url: folderURL(settings.folder ?? "INBOX") + ";UID=\(message.identifier)", command: nil)
        case .pop3: try perform(url: base + "/\(message.identifier)", command: nil)
        }
    }

    public func markProcessed(_ message: InboundMessageReference) throws {
        switch settings.accessProtocol {
        case .imap:
            let url = folderURL(settings.folder ?? "INBOX")
            guard let target = settings.processedFolder else {
                _ = try perform(url: url, command: "UID STORE \(message.identifier) +FLAGS.SILENT (\\Seen)")
                return
            }
            let known = try serverCapabilities()
            // Without MOVE (RFC 6851) a move is a copy, the original flagged \Deleted and expunged: by UID where
            // the server has UIDPLUS (RFC 4315), else every \Deleted message of the folder.
            let move =
                known.contains("MOVE")
                ? "UID MOVE \(message.identifier) \"\(target)\"" : "UID COPY \(message.identifier) \"\(target)\""
            do {
                _ = try perform(url: url, command: move)
            } catch InboundFetchError.commandFailed where !createdFolder {
                // The folder is made at the first refused move; a server that already has it answers NO to CREATE,
                // and the second MOVE then reports the real refusal.
                createdFolder = true
                _ = try? perform(url: base + "/", command: "CREATE \"\(target)\"")
                _ = try perform(url: url, command: move)
            }
            if !known.contains("MOVE") {
                _ = try perform(url: url, command: "UID STORE \(message.identifier) +FLAGS.SILENT (\\Deleted)")
                _ = try perform(
                    url: url, command: known.contains("UIDPLUS") ? "UID EXPUNGE \(message.identifier)" : "EXPUNGE")
            }
        case .pop3:
            _ = try perform(url: base + "/", command: "DELE \(message.identifier)", expectsBody: false)
        }
    }

    public func leaveUnprocessed(_ message: InboundMessageReference) throws {
        guard settings.accessProtocol == .imap else { return }
        _ = try perform(
            url: folderURL(settings.folder ?? "INBOX"),
            command: "UID STORE \(message.identifier) -FLAGS.SILENT (\\Seen)")
    }

    /// The capabilities the server announces once logged in (`* CAPABILITY IMAP4rev1 … MOVE UIDPLUS`).
    private func serverCapabilities() throws -> Set<String> {
        if let capabilities { return capabilities }
        let known = Self.capabilities(in: try perform(url: base + "/", command: "CAPABILITY"))
        capabilities = known
        return known
    }

    /// The words of the `* CAPABILITY` line of a server's answer, upper-cased.
    static func capabilities(in answer: [UInt8]) -> Set<String> {
        let line = lines(answer).first { $0.uppercased().hasPrefix("* CAPABILITY") } ?? ""
        return Set(line.uppercased().split(separator: " ").dropFirst(2).map(String.init))
    }

    /// The url as written in reports: the configured scheme, host and port.
    private var displayBase: String { base }

    /// `base/folder`, the folder percent-encoded as a URL path segment.
    private func folderURL(_ folder: String) -> String {
        base + "/" + (folder.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? folder)
    }

    /// Checks the login and the folder with `STATUS` before anything is selected: libcurl reports a failed SELECT
    /// as a refused login, so the folder is asked about first.
    private func checkIMAPFolder(_ folder: String) throws {
        guard !checked else { return }
        do {
            _ = try perform(url: base + "/", command: "STATUS \"\(folder)\" (UIDVALIDITY)")
        } catch InboundFetchError.commandFailed {
            throw InboundFetchError.folderMissing(server: server, folder: folder)
        }
        checked = true
    }

    /// Collects the body of one transfer, up to a limit.
    fileprivate final class Transfer {
        var bytes: [UInt8] = []
        let limit: Int

        init(limit: Int) { self.limit = limit }
    }

    /// Runs one transfer on the shared handle: `command` as CURLOPT_CUSTOMREQUEST (nil for libcurl's own: FETCH
    /// for a `;UID=` url, LIST or RETR for POP3); returns what the server sent as the body.
    private func perform(url: String, command: String?, expectsBody: Bool = true) throws -> [UInt8] {
        guard !isClosed else { throw InboundFetchError.setupFailed(detail: "the fetcher was closed") }
        let transfer = Transfer(limit: maxBytes)
        do {
            try easy.reset()
            try easy.set(CURLOPT_URL, url)
            try easy.set(CURLOPT_NOSIGNAL, 1)
            try easy.set(CURLOPT_PROTOCOLS_STR, "imap,imaps,pop3,pop3s")
            let useSSL = settings.tls == .none ? CURLUSESSL_NONE : CURLUSESSL_ALL
            try easy.set(CURLOPT_USE_SSL, Int(useSSL.rawValue))
            if let caFile = settings.caFile { try easy.set(CURLOPT_CAINFO, caFile.path) }
            try easy.set(CURLOPT_USERNAME, settings.username)
            try easy.set(CURLOPT_PASSWORD, password)
            try easy.set(CURLOPT_CONNECTTIMEOUT, Configuration.Inbound.connectTimeout)
            try easy.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, Configuration.Inbound.responseTimeout)
            try easy.set(
                CURLOPT_TIMEOUT, Configuration.Inbound.connectTimeout + 5 * Configuration.Inbound.responseTimeout)
            try easy.set(CURLOPT_TCP_KEEPALIVE, 1)
            if let command { try easy.set(CURLOPT_CUSTOMREQUEST, command) }
            // POP3 DELE has no multi-line answer; without NOBODY libcurl would wait for one.
            if !expectsBody { try easy.set(CURLOPT_NOBODY, 1) }
            try easy.setWriteFunction(curlInboundWrite)
            try easy.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(transfer).toOpaque())
        } catch {
            throw InboundFetchError.setupFailed(detail: "libcurl refused option \(error.option) (code \(error.code))")
        }
        let code = withExtendedLifetime(transfer) { curl_easy_perform(easy.raw) }
        guard code != CURLE_OK else { return transfer.bytes }
        let curlCode = Int(code.rawValue)
        let detail = easy.errorMessage.isEmpty ? String(cString: curl_easy_strerror(code)) : easy.errorMessage
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_OPERATION_TIMEDOUT,
            CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_WEIRD_SERVER_REPLY:
            throw InboundFetchError.unreachable(server: server, curlCode: curlCode, detail: detail)
        case CURLE_LOGIN_DENIED:
            throw InboundFetchError.loginRefused(server: server, username: settings.username)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_USE_SSL_FAILED, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            throw InboundFetchError.tlsFailed(server: server, curlCode: curlCode, detail: detail)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_NOT_BUILT_IN:
            throw InboundFetchError.setupFailed(detail: detail)
        default:
            throw InboundFetchError.commandFailed(
                server: server, command: command ?? (settings.accessProtocol == .imap ? "FETCH" : "RETR"),
                curlCode: curlCode, detail: detail)
        }
    }

    /// The lines of an answer, without their line ends.
    private static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
    }

    fileprivate static func append(
        _ data: UnsafeMutablePointer<CChar>?, _ count: Int, to pointer: UnsafeMutableRawPointer?
    ) -> Int {
        guard let pointer, let data else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(pointer).takeUnretainedValue()
        let room = max(0, transfer.limit - transfer.bytes.count)
        data.withMemoryRebound(to: UInt8.self, capacity: count) {
            transfer.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: min(count, room)))
        }
        return count
    }
}

private func curlInboundWrite(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    CurlInboundFetcher.append(data, size * count, to: context)
}
