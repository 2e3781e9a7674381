import BulletinCore
import Foundation

// The exit codes of BulletinCore's errors, and the advice that names a command.

extension CSVRecordError: BulletinError {
    /// 65: the file holds a malformed record.
    public var exitStatus: ExitStatus { .dataError }
}

extension DigestTemplateError: BulletinError {
    /// 70 when a template built into bulletin is at fault (a bug); 78 when one of the person's templates is.
    public var exitStatus: ExitStatus {
        switch self {
        case .syntax(_, let origin, _, _, _), .unknownVariable(_, let origin, _, _),
            .missingPartial(_, let origin, _, _), .sectionsNotInOnePlace(_, let origin):
            origin == TemplateSet.stockOrigin ? .software : .configuration
        case .unreadable: .configuration
        }
    }
}

extension FeedError: BulletinError {
    /// 65: the feed cannot be imported.
    public var exitStatus: ExitStatus { .dataError }
}

extension InboundMailboxError: BulletinError {
    /// 66 when nothing is at the path; 74 when it cannot be read or a message cannot be moved.
    public var exitStatus: ExitStatus {
        switch self {
        case .missing: .noInput
        case .unreadable, .cannotMove: .ioError
        }
    }
}

extension LinkSecretError: BulletinError {
    /// 78: the link secret file is missing or unusable.
    public var exitStatus: ExitStatus { .configuration }

    /// The description, with how `bulletin init` makes a secret.
    public var sentence: String {
        switch self {
        case .unreadable:
            description.advising(
                "run `bulletin init` in the newsletter's folder to create it, or fix [links] secret_file")
        case .notBase64:
            description.advising(
                "restore it from a backup, or delete it and run `bulletin init` (a new secret voids every link "
                    + "already mailed)")
        case .tooShort:
            description.advising(
                "delete it and run `bulletin init` to make a new one (a new secret voids every link already mailed)")
        }
    }
}

extension LinkTokenError: BulletinError {
    /// 65: the token cannot be honoured.
    public var exitStatus: ExitStatus { .dataError }
}

extension DKIMKeyError: BulletinError {
    /// 70 when signing failed inside the crypto library; 78 when the key must change.
    public var exitStatus: ExitStatus {
        if case .signingFailed = self { return .software }
        return .configuration
    }

    /// The description, with the `bulletin dkim` command that makes or checks a key.
    public var sentence: String {
        switch self {
        case .unreadable:
            description.advising("make one with `bulletin dkim keygen`, or fix [dkim] private_key")
        case .notAKey(_, let algorithm):
            description.advising(
                "make one with `bulletin dkim keygen --algorithm \(algorithm.rawValue)`, or fix [dkim] algorithm to "
                    + "match the key")
        case .tooWeak:
            description.advising("so make a new one with `bulletin dkim keygen`", separator: ", ")
        case .signingFailed:
            description.advising("check the key with `bulletin dkim check`")
        }
    }
}

extension MessageTemplateError: BulletinError {
    /// 70 for a bad boundary (a bug); 78 for headers from the configuration.
    public var exitStatus: ExitStatus {
        if case .invalidBoundary = self { return .software }
        return .configuration
    }
}

extension EmailAddressError: BulletinError {
    /// 65: the address cannot be used.
    public var exitStatus: ExitStatus { .dataError }
}

extension SubscriberCSVHeaderError: BulletinError {
    /// 65: the header row cannot be used.
    public var exitStatus: ExitStatus { .dataError }

    /// The description, with the export flag that writes CSV for a JSON file.
    public var sentence: String {
        if case .json = self {
            return "the file is JSON, and import reads CSV; export with --format csv (the default) to move "
                + "subscribers between databases."
        }
        return description
    }
}

extension ForeignExportError: BulletinError {
    /// 65: the file is not the export `--from` names.
    public var exitStatus: ExitStatus { .dataError }

    /// The description, with the way out: leave `--from` off to let the header decide.
    public var sentence: String {
        description.dropLast() + "; check the file, or leave out --from to read it by its header."
    }
}

extension SubscriberCSVSourceError: BulletinError {
    /// 65: the file cannot be imported.
    public var exitStatus: ExitStatus { .dataError }
}

extension ClockError: BulletinError {
    /// 78: `BULLETIN_NOW` must change.
    public var exitStatus: ExitStatus { .configuration }
}

extension InputFileError: BulletinError {
    /// 66 (no input) when the file is not there or cannot be opened; 74 for any other read error.
    public var exitStatus: ExitStatus {
        switch code {
        case ENOENT, ENOTDIR, EACCES, EISDIR: .noInput
        default: .ioError
        }
    }
}

extension PrivateFileError: BulletinError {
    /// 73: the file cannot be created.
    public var exitStatus: ExitStatus { .cannotCreate }
}

extension ViewsCSVError: BulletinError {
    /// 65: the row cannot be read.
    public var exitStatus: ExitStatus { .dataError }

    /// The description, with the help page or the option that puts a header right.
    public var sentence: String {
        switch remedy {
        case .fixRow: description
        case .exportWithHeader:
            "\(problemOnLine); give an export with such a header (see `bulletin help views import`)."
        case .givePeriod:
            "\(problemOnLine); give them with --period FIRST..LAST (for example --period 2026-11-16..2026-11-22)."
        }
    }
}

extension ConfigurationError: BulletinError {
    /// 78: the configuration must change.
    public var exitStatus: ExitStatus { .configuration }

    /// The description, with the `bulletin` command that makes what is missing.
    public var sentence: String {
        switch remedy {
        case .createConfiguration?:
            description.advising("run `bulletin init` to make one, or pass --config FILE or set BULLETIN_CONFIG")
        case .createDKIMKey?:
            ConfigurationError(
                file: file, key: key,
                problem: "is missing; make a key with `bulletin dkim keygen` and give its file here."
            ).description
        case .createDigestTemplates(let folder)?:
            ConfigurationError(
                file: file, key: key,
                problem: "names \(folder), which is not a folder; create it (bulletin init writes one) or remove the "
                    + "key to use the stock templates."
            ).description
        case nil:
            description
        }
    }
}
