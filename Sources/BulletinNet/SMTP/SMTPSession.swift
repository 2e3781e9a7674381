import BulletinCore
import CCurl

/// One SMTP session: an easy handle kept across messages (so that libcurl keeps its connection, TLS session
/// and login), the message it is sending, and what the server has answered.
final class SMTPSession {
    /// The reused easy handle.
    let easy: CurlEasyHandle
    /// The message being sent, nil between messages.
    private(set) var message: MailSubmission?
    /// How many bytes of the message the read callback has handed to libcurl.
    private var offset = 0
    /// Whether the read callback has reached the end of the message.
    private var bodySent = false
    /// Whether the server answered DATA with 354: the body was on its way.
    private var dataAccepted = false
    /// The last complete reply of the current transfer.
    private var lastReply: SMTPReply?
    /// The first reply after the whole body was handed over: the answer to the final dot.
    private var replyAfterBody: SMTPReply?
    /// Every reply, kept only when `keepsReplies` (for `smtp check`).
    private(set) var replies: [SMTPReply] = []
    /// Whether to keep every reply.
    var keepsReplies = false
    private var assembler = SMTPReplyAssembler()
    /// Messages sent over the current connection.
    private var sentOnConnection = 0
    private var needsFreshConnection = false
    private let maxMessagesPerConnection: Int

    /// Makes a session with the relay's settings applied to a fresh easy handle.
    ///
    /// - Throws: ``SMTPError/setupFailed(detail:)`` when libcurl lacks something the settings need.
    init(settings: Configuration.SMTP, password: String?) throws(SMTPError) {
        guard let easy = CurlEasyHandle() else { throw .setupFailed(detail: "curl_easy_init failed") }
        self.easy = easy
        maxMessagesPerConnection = settings.maxMessagesPerConnection
        do {
            try SMTPSessionOptions.apply(settings, password: password, to: easy)
            let me = Unmanaged.passUnretained(self).toOpaque()
            try easy.set(CURLOPT_HEADERDATA, pointer: me)
            try easy.set(CURLOPT_READDATA, pointer: me)
            try easy.setHeaderFunction(smtpHeaderCallback)
            try easy.setReadFunction(smtpReadCallback)
        } catch {
            throw .setupFailed(detail: "libcurl refused option \(error.option) with error \(error.code)")
        }
    }

    /// Prepares the handle to send `message` as the next transfer.
    func load(_ message: MailSubmission) throws(CurlOptionError) {
        self.message = message
        offset = 0
        bodySent = false
        dataAccepted = false
        lastReply = nil
        replyAfterBody = nil
        easy.clearError()
        try easy.set(CURLOPT_MAIL_FROM, "<\(message.sender)>")
        try easy.setList(CURLOPT_MAIL_RCPT, ["<\(message.recipient.value)>"])
        try easy.set(CURLOPT_INFILESIZE_LARGE, size: message.data.count)
        // The message that reaches the limit closes its connection; the next one opens a fresh session.
        try easy.set(CURLOPT_FORBID_REUSE, sentOnConnection + 1 >= maxMessagesPerConnection ? 1 : 0)
        // After a failed transfer the server's idea of the session may differ from libcurl's (a transaction it
        // did not reset, a half-read reply): start the next message on a new connection.
        try easy.set(CURLOPT_FRESH_CONNECT, needsFreshConnection ? 1 : 0)
    }

    /// Ends the current transfer: what the classifier needs, and the session ready for the next message.
    func finish(code: CURLcode) -> SMTPOutcomeClassifier.Transfer {
        let transfer = SMTPOutcomeClassifier.Transfer(
            code: code, errorMessage: easy.errorMessage, lastReply: lastReply, replyAfterBody: replyAfterBody,
            bodySent: bodySent, dataAccepted: dataAccepted, sender: message?.sender ?? "")
        // After a failure libcurl may have closed the connection; count from zero to stay under the limit.
        needsFreshConnection = code != CURLE_OK
        sentOnConnection =
            code == CURLE_OK && sentOnConnection + 1 < maxMessagesPerConnection ? sentOnConnection + 1 : 0
        message = nil
        return transfer
    }

    /// Closes the session's connection (QUIT) on the calling thread; the session must not be used afterwards.
    func close() {
        easy.close()
    }

    /// Copies the next part of the message into libcurl's buffer; 0 at the end.
    fileprivate func fill(_ buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        guard let message else { return 0 }
        let count = min(capacity, message.data.count - offset)
        guard count > 0 else {
            bodySent = true
            return 0
        }
        message.data.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
    }

    /// Takes reply lines from libcurl.
    fileprivate func received(_ bytes: UnsafeBufferPointer<UInt8>) {
        for reply in assembler.feed(bytes) {
            if keepsReplies { replies.append(reply) }
            // libcurl closes the session after a failed transfer with QUIT: its 221 is not the answer to keep.
            guard reply.code != 221 else { continue }
            lastReply = reply
            if reply.code == 354 { dataAccepted = true }
            if bodySent, replyAfterBody == nil { replyAfterBody = reply }
        }
    }
}

/// CURLOPT_READFUNCTION: hands libcurl the message bytes of the session in `userdata`.
private func smtpReadCallback(
    buffer: UnsafeMutablePointer<CChar>?, size: Int, count: Int, userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let userdata else { return 0 }
    return Unmanaged<SMTPSession>.fromOpaque(userdata).takeUnretainedValue().fill(buffer, capacity: size * count)
}

/// CURLOPT_HEADERFUNCTION: libcurl hands every server reply line of an SMTP session here.
private func smtpHeaderCallback(
    buffer: UnsafeMutablePointer<CChar>?, size: Int, count: Int, userdata: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let buffer, let userdata else { return length }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: length)
    Unmanaged<SMTPSession>.fromOpaque(userdata).takeUnretainedValue().received(bytes)
    return length
}
