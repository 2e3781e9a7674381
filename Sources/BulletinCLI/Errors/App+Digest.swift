import BulletinApp

/// A rule that does not exist is bad input.
extension DigestRuleError: BulletinError {
    /// ``ExitStatus/dataError`` (65).
    public var exitStatus: ExitStatus { .dataError }

    /// The description, with the command that lists the rules.
    public var sentence: String {
        switch self {
        case .noSuchRule: description.advising("`bulletin digest rules` lists them")
        case .alreadySent: description.advising("give a later week with --week")
        }
    }
}
