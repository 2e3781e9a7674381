import BulletinNet

// The exit codes of BulletinNet's errors.

extension SMTPError: BulletinError {
    /// 78 when the configuration must change (TLS or the certificate, a refused login, a sender refused with 5xx,
    /// a 530 that asks for a login or STARTTLS); 69 when the relay is unavailable (unreachable, a 421, a session
    /// turned away, a 4xx to MAIL FROM); 70 when libcurl cannot be set up.
    public var exitStatus: ExitStatus {
        switch self {
        case .unreachable: .unavailable
        case .tlsFailed, .authenticationFailed: .configuration
        // A session refusal names a key to change exactly when it asks for a login or STARTTLS (530, 535).
        case .sessionRefused: keyToChange == nil ? .unavailable : .configuration
        case .senderRefused(_, _, _, let reply): reply.code >= 500 ? .configuration : .unavailable
        case .setupFailed: .software
        }
    }
}

extension HTTPFetchError: BulletinError {
    /// 64 for a URL that is not http(s); 70 when libcurl cannot fetch at all; 69 when the server cannot be used.
    public var exitStatus: ExitStatus {
        switch self {
        case .unsupportedURL: .usage
        case .cannotStart, .optionRefused: .software
        default: .unavailable
        }
    }
}

extension SMTPProbe.Problem {
    /// The exit code `smtp check` ends with when this is the first problem: the refused sender's, 69 when the
    /// relay did not answer, 78 when a login must be configured.
    public var exitStatus: ExitStatus {
        switch cause {
        case .senderRefused(let error): error.exitStatus
        case .noSenderReply: .unavailable
        case .loginMissing: .configuration
        }
    }
}

extension InboundFetchError: BulletinError {
    /// 69 when the mailbox server cannot be reached or refuses a command; 78 when the configuration must change (TLS,
    /// the login, the folder); 70 when libcurl cannot be set up.
    public var exitStatus: ExitStatus {
        switch self {
        case .unreachable, .commandFailed: .unavailable
        case .tlsFailed, .loginRefused, .folderMissing: .configuration
        case .setupFailed: .software
        }
    }
}
