/// An error that the command line reports to a person: one line on stderr and the exit code it ends the process
/// with. The layers below throw their own typed errors, which say what is wrong in their terms; the conformances
/// in this folder give each an exit code and, where a command can put it right, the advice that names it.
public protocol BulletinError: Error, CustomStringConvertible, Sendable {
    /// The exit code a command ends with when this error stops it.
    var exitStatus: ExitStatus { get }
    /// The sentence printed after `bulletin: error: `: the description, with advice naming a command where one
    /// helps.
    ///
    /// Not called `message`: `SQLiteError` already has a `message` (SQLite's own), which would stand in for it.
    var sentence: String { get }
}

extension BulletinError {
    /// The description alone, for errors whose description already says what to do.
    public var sentence: String { description }
}

extension String {
    /// The sentence with `advice` joined on: its final full stop gives way to `separator`, and the advice ends
    /// with one.
    func advising(_ advice: String, separator: String = "; ") -> String {
        (hasSuffix(".") ? String(dropLast()) : self) + separator + advice + "."
    }
}

/// What a person reads for `error` where a command words it inside a line of its own: a ``BulletinError``'s
/// ``BulletinError/sentence`` (with its advice), or the description of any other error.
func errorSentence(_ error: any Error) -> String {
    (error as? any BulletinError)?.sentence ?? "\(error)"
}
