/// A feed that cannot be imported. Nothing is written when one of these stops an import.
public struct FeedError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// The XML or JSON is not well-formed.
        case malformed(String)
        /// The document is well-formed but is not RSS, Atom or JSON Feed.
        case unknownFormat(String)
        /// The feed has no item that could be imported.
        case noUsableItem(String)
    }

    /// The file or URL, as the person gave it.
    public var source: String
    /// The 1-based line where the problem is.
    public var line: Int
    /// The 1-based column where the problem is.
    public var column: Int
    /// What is wrong.
    public var problem: Problem

    /// Creates an error.
    public init(source: String, line: Int, column: Int, problem: Problem) {
        self.source = source
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var description: String {
        let place = "\(source):\(line):\(column)"
        switch problem {
        case .malformed(let detail):
            return "\(place): the feed is not well-formed (\(detail)); fix the feed or ask its publisher to."
        case .unknownFormat(let detail):
            return "\(place): \(detail); give an RSS 2.0, Atom 1.0 or JSON Feed 1.1 document."
        case .noUsableItem(let detail):
            return "\(place): the feed has no usable item (\(detail)); each item needs a link and a date."
        }
    }
}
