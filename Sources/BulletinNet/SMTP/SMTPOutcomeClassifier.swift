import BulletinCore
import CCurl

/// Turns how one libcurl SMTP transfer ended into a ``DeliveryOutcome``, and says when the failure concerns the
/// whole relay rather than the message.
///
/// The reply code decides temporary (4xx) against permanent (5xx), not the CURLcode: libcurl reports a 550 to
/// RCPT TO and a 451 to DATA alike as CURLE_SEND_ERROR (RFC 5321 §4.2.1).
struct SMTPOutcomeClassifier {
    /// What the session saw during the transfer.
    struct Transfer {
        /// libcurl's result.
        var code: CURLcode
        /// libcurl's error buffer, like "RCPT failed: 550".
        var errorMessage: String
        /// The last complete reply of the transfer, if any.
        var lastReply: SMTPReply?
        /// The reply that came after the whole body was handed over, if any.
        var replyAfterBody: SMTPReply?
        /// Whether libcurl took the whole body (the read callback reached the end).
        var bodySent: Bool
        /// Whether the server answered DATA with 354, so that the body was on its way.
        var dataAccepted = false
        /// The envelope sender of the message, for the error when the relay refuses it.
        var sender = ""
    }

    /// The relay, for error messages: `host:port`.
    var relay: String
    /// The AUTH user name, for error messages.
    var username: String?

    /// The outcome of the message, and the error that should stop the whole run, if any.
    func classify(_ transfer: Transfer) -> (outcome: DeliveryOutcome, stop: SMTPError?) {
        if transfer.code == CURLE_OK {
            let reply = transfer.replyAfterBody ?? transfer.lastReply ?? SMTPReply(code: 250, lines: ["OK"])
            return (
                DeliveryOutcome(kind: .accepted, stage: .endOfData, replyCode: reply.code, replyText: reply.text), nil
            )
        }
        if transfer.bodySent {
            guard let reply = transfer.replyAfterBody else {
                return (
                    DeliveryOutcome(
                        kind: .unknown, stage: .endOfData, replyCode: 0,
                        replyText: "connection lost after the message was sent (\(detail(transfer)))"), nil
                )
            }
            return (
                DeliveryOutcome(
                    kind: kind(of: reply.code), stage: .endOfData, replyCode: reply.code, replyText: reply.text), nil
            )
        }
        if transfer.dataAccepted {
            // Cut off in the middle of the body: without the final dot the server cannot have the message.
            guard let reply = transfer.lastReply, reply.code >= 400 else {
                return (
                    DeliveryOutcome(
                        kind: .deferred, stage: .endOfData, replyCode: 0,
                        replyText: "connection lost while sending the message (\(detail(transfer)))"), nil
                )
            }
            return (
                DeliveryOutcome(
                    kind: kind(of: reply.code), stage: .endOfData, replyCode: reply.code, replyText: reply.text), nil
            )
        }
        let stage = stage(of: transfer.errorMessage)
        if let refusal = senderOrSessionRefusal(transfer, stage: stage) { return refusal }
        if stage != .session, let reply = transfer.lastReply, reply.code == 503 {
            // "Bad sequence of commands": the session's state, not the message, is at fault; a fresh session
            // will do.
            return (
                DeliveryOutcome(kind: .deferred, stage: stage, replyCode: reply.code, replyText: reply.text), nil
            )
        }
        if stage != .session, let reply = transfer.lastReply, reply.code >= 400 {
            return (
                DeliveryOutcome(kind: kind(of: reply.code), stage: stage, replyCode: reply.code, replyText: reply.text),
                nil
            )
        }
        let replyCode = transfer.lastReply.map { $0.code >= 400 ? $0.code : 0 } ?? 0
        let outcome = DeliveryOutcome(
            kind: .deferred, stage: stage, replyCode: replyCode,
            replyText: replyCode == 0 ? detail(transfer) : transfer.lastReply?.text ?? "")
        return (outcome, stop(transfer, stage: stage))
    }

    /// A refusal that concerns the sender or the session rather than the recipient: any 4xx or 5xx to MAIL FROM
    /// (but 552, a message too large for the relay, RFC 1870), or a 421 at any step before the body (the service
    /// is closing, RFC 5321 §3.8). The message is deferred at that stage, never failed, and the run stops: every
    /// later message would meet the same refusal.
    private func senderOrSessionRefusal(
        _ transfer: Transfer, stage: DeliveryOutcome.Stage
    ) -> (outcome: DeliveryOutcome, stop: SMTPError?)? {
        guard stage != .session, let reply = transfer.lastReply, reply.code >= 400 else { return nil }
        let outcome = DeliveryOutcome(kind: .deferred, stage: stage, replyCode: reply.code, replyText: reply.text)
        if reply.code == 421 { return (outcome, .sessionRefused(relay: relay, reply: reply)) }
        guard stage == .mailFrom, reply.code != 503, reply.code != 552 else { return nil }
        return (outcome, .senderRefused(relay: relay, sender: transfer.sender, username: username, reply: reply))
    }

    /// 2xx accepted, 4xx deferred, 5xx rejected; anything else (a protocol error) deferred.
    private func kind(of code: Int) -> DeliveryOutcome.Kind {
        switch code {
        case 200..<300: .accepted
        case 500..<600: .rejected
        default: .deferred
        }
    }

    /// Which command failed, from libcurl's error text ("MAIL failed: 550", "RCPT failed: 550", "DATA failed").
    private func stage(of errorMessage: String) -> DeliveryOutcome.Stage {
        if errorMessage.hasPrefix("MAIL failed") { return .mailFrom }
        if errorMessage.hasPrefix("RCPT failed") { return .rcptTo }
        if errorMessage.hasPrefix("DATA failed") { return .data }
        return .session
    }

    /// The failures that will hit every message the same way: stop instead of deferring them all.
    private func stop(_ transfer: Transfer, stage: DeliveryOutcome.Stage) -> SMTPError? {
        let code = Int(transfer.code.rawValue)
        switch transfer.code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .unreachable(relay: relay, curlCode: code, detail: detail(transfer))
        case CURLE_LOGIN_DENIED:
            return .authenticationFailed(relay: relay, username: username ?? "", reply: transfer.lastReply)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_USE_SSL_FAILED,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .tlsFailed(relay: relay, curlCode: code, detail: detail(transfer))
        default:
            guard stage == .session, let reply = transfer.lastReply, reply.code >= 400 else { return nil }
            return .sessionRefused(relay: relay, reply: reply)
        }
    }

    /// libcurl's explanation, else its generic text for the code.
    private func detail(_ transfer: Transfer) -> String {
        if !transfer.errorMessage.isEmpty { return transfer.errorMessage }
        return String(cString: curl_easy_strerror(transfer.code))
    }
}
