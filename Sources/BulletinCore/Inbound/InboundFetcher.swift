/// One message waiting in a remote mailbox: how the fetcher finds it again, and a name for reports.
public struct InboundMessageReference: Sendable, Equatable {
    /// The server's identifier: an IMAP UID, or a POP3 message number in this session.
    public let identifier: String
    /// Where it is, for reports: `imaps://host/INBOX;UID=42` or `pop3s://host/3`.
    public let source: String

    /// Creates a reference.
    public init(identifier: String, source: String) {
        self.identifier = identifier
        self.source = source
    }
}

/// Reads the messages of a remote mailbox (IMAP or POP3) over one connection: lists those to process, fetches
/// each, and marks one processed only when the caller says it was. A message is never deleted unread.
public protocol InboundFetcher: AnyObject {
    /// The messages to process, oldest first.
    func pending() throws -> [InboundMessageReference]
    /// The raw bytes of one message, as the server holds it.
    func fetch(_ message: InboundMessageReference) throws -> [UInt8]
    /// Marks a processed message so that no later run reads it again (moved, flagged, or deleted).
    func markProcessed(_ message: InboundMessageReference) throws
    /// Leaves a message whose processing failed as it was before it was fetched, for the next run.
    func leaveUnprocessed(_ message: InboundMessageReference) throws
    /// Ends the session (POP3's deletions take effect here).
    func close()
}
