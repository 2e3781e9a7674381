import BulletinStore

// The exit codes of BulletinStore's errors, and the advice that names a command.

extension DatabaseOpenError: BulletinError {
    /// 78 when there is no database or a newer Bulletin wrote it; 73 when it cannot be created; 74 when it needs an
    /// upgrade this user may not make.
    public var exitStatus: ExitStatus {
        switch self {
        case .missing, .newerSchema: .configuration
        case .cannotCreateFolder, .cannotCreateFile: .cannotCreate
        case .olderSchemaReadOnly: .ioError
        }
    }

    /// The description, with `bulletin init` for a missing database.
    public var sentence: String {
        if case .missing = self {
            return description.advising("run `bulletin init` to create one, or fix [store] path in the configuration")
        }
        if case .olderSchemaReadOnly = self {
            return description.advising("run any bulletin command as the database's owner once, then look again")
        }
        return description
    }
}

extension SQLiteError: BulletinError {
    /// 75 when the database is busy (running again later may succeed); 74 when the file cannot be read or written;
    /// 65 when it is damaged or holds a value Bulletin does not know; 70 otherwise.
    public var exitStatus: ExitStatus {
        switch code & 0xFF {
        case 5, 6: .temporaryFailure  // SQLITE_BUSY, SQLITE_LOCKED
        case 8, 10, 13, 14, 23: .ioError  // READONLY, IOERR, FULL, CANTOPEN, AUTH
        case 11, 20, 26: .dataError  // CORRUPT, MISMATCH (a value Bulletin does not know), NOTADB
        default: .software
        }
    }
}

extension SubscriberStoreError: BulletinError {
    /// 78 when the link secret is missing; 65 for every other refusal.
    public var exitStatus: ExitStatus { self == .removalsNeedSecret ? .configuration : .dataError }

    /// The description, with the subscriber command or flag that helps.
    public var sentence: String {
        switch self {
        case .notFound:
            description.advising("or list them with `bulletin subscribers list --search`", separator: ", ")
        case .alreadySubscribed(let email, _):
            description.advising("see `bulletin subscribers show \(email)`")
        case .wasRemoved:
            description.advising("add --force only if they have asked to subscribe again")
        case .suppressed:
            description.advising("add --force only if they have asked to receive the newsletter again")
        case .removalsNeedSecret:
            description
        }
    }
}

extension SendLockError: BulletinError {
    /// 75 when another send holds the lock; 73 when the lock file cannot be opened.
    public var exitStatus: ExitStatus {
        switch self {
        case .busy: .temporaryFailure
        case .cannotOpen: .cannotCreate
        }
    }

    /// The description, with `bulletin status` for a send that is running.
    public var sentence: String {
        if case .busy = self { return description.advising("or see `bulletin status`", separator: ", ") }
        return description
    }
}

extension SendJournalError: BulletinError {
    /// 73 when the journal cannot be written; 74 when it cannot be read.
    public var exitStatus: ExitStatus {
        switch self {
        case .cannotWrite: .cannotCreate
        case .cannotRead: .ioError
        }
    }
}

extension DeliveryLedgerError: BulletinError {
    /// 75: another send got there first, and running again resumes its issue.
    public var exitStatus: ExitStatus { .temporaryFailure }

    /// The description, with the command that resumes the issue.
    public var sentence: String {
        switch self {
        case .alreadyFrozen(let week):
            description.advising("run `bulletin send --week \(week)` again to resume it")
        }
    }
}

extension BackupError: BulletinError {
    /// 73 when the copy cannot be made; 74 when it came out damaged; 65 when the file to restore is not a sound
    /// database; 75 when another process has the database open.
    public var exitStatus: ExitStatus {
        switch self {
        case .exists, .cannotWrite, .beforeMigration: .cannotCreate
        case .damagedCopy: .ioError
        case .notRestorable: .dataError
        case .inUse: .temporaryFailure
        }
    }

    /// The description, with the commands that check, make or hold a database.
    public var sentence: String {
        switch self {
        case .damagedCopy:
            description.advising("run `bulletin doctor` to check the database, then try again")
        case .notRestorable:
            description.advising("give a file made by `bulletin store backup`")
        case .inUse(let path):
            "\(path) is open in another process (`bulletin serve`, or a command still running); stop it, restore, "
                + "then start it again."
        case .exists, .cannotWrite, .beforeMigration:
            description
        }
    }
}
