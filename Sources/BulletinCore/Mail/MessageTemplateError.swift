/// A message template that cannot be built from the settings given.
public enum MessageTemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    /// An extra header's name is not a legal field name, or is one Bulletin writes itself.
    case invalidHeaderName(String)
    /// A header value from the configuration has characters other than printable ASCII.
    case invalidHeaderValue(String)
    /// The boundary maker returned something that is not a safe MIME boundary.
    case invalidBoundary(String)

    public var description: String {
        switch self {
        case .invalidHeaderName(let name):
            return "'\(name)' cannot be an extra header: use printable ASCII without a colon, and not a field "
                + "Bulletin writes itself (From, To, Subject, List-*, Content-*, …)."
        case .invalidHeaderValue(let name):
            return "The value of the \(name) header must be printable ASCII of at most 900 characters; fix it in "
                + "the configuration."
        case .invalidBoundary(let boundary):
            return "The MIME boundary '\(boundary)' must start with =_ and be printable ASCII; this is a bug in "
                + "the boundary maker."
        }
    }
}
