import BulletinCore
import BulletinStore
import Foundation

/// `bulletin preview`: one week's issue rendered as a subscriber (or an unnamed reader) would read it, without
/// sending or recording anything.
public struct PreviewIssue {
    /// An issue rendered for one reader.
    public struct Preview {
        /// The issue's week, like `2026-W47`.
        public let week: String
        /// The rendered issue, its personal slots still open.
        public let rendered: RenderedDigest
        /// The reader's fields.
        public let fields: PersonalFields
        /// The subscriber it is for; nil for an unnamed reader.
        public let subscriber: Subscriber?
        /// The issue as it was frozen when the week was sent (and then ``rendered`` is that issue, not a new
        /// selection); nil for a week not sent yet.
        public let sent: FrozenIssue?
        /// The reader's topics: their sections are in the issue.
        public var topics: [String] = []

        /// The text version, filled for the reader, with their sections.
        public var text: String { rendered.forReader(topics: topics).text.filled(fields) }
        /// The HTML version, filled for the reader, with their sections.
        public var html: String { rendered.forReader(topics: topics).html.filled(fields) }
    }

    /// What a preview found.
    public enum Result {
        /// The week has too few articles: the reason.
        case noIssue(String)
        /// The issue.
        case issue(Preview)
    }

    /// Where it runs.
    public let environment: AppEnvironment

    /// A preview in `environment`.
    public init(_ environment: AppEnvironment) {
        self.environment = environment
    }

    /// `issueWeek`'s issue for `recipient` (nil: an unnamed reader at the From address): for a week already
    /// frozen, exactly what was sent (new page views change nothing); otherwise selected and rendered now.
    ///
    /// `topics` (``--topics``) makes the unnamed reader one with those topics; each must be in `[topics]`.
    ///
    /// - Throws: ``PreviewError/unknownSubscriber(_:)`` when `recipient` is no subscriber,
    ///   ``TopicChoiceError``; the store's and template errors.
    public func run(week issueWeek: IssueWeek, for recipient: String?, topics: [String]? = nil) throws -> Result {
        if let topics { try TopicChoiceError.check(topics, in: environment.configuration.topics) }
        let database = try environment.openDatabaseToRead()
        let ledger = SQLiteDeliveryLedger(
            database: database, policy: RetryPolicy(maxAttempts: environment.configuration.smtp.maxAttempts))
        if let frozen = try ledger.issue(week: issueWeek.description) {
            var (fields, subscriber) = try personalFields(database, week: frozen.week, recipient: recipient)
            if let topics { fields.topics = topics.joined(separator: ", ") }
            return .issue(
                Preview(
                    week: frozen.week, rendered: frozen.rendered, fields: fields, subscriber: subscriber, sent: frozen,
                    topics: topics ?? subscriber?.topics ?? []))
        }
        let plan = try DigestPlan.load(
            configuration: environment.configuration, database: database, week: issueWeek,
            logger: environment.logger)
        let renderer = try plan.renderer()
        if let reason = plan.selection.noIssueReason { return .noIssue(reason) }
        let rendered = try renderer.render(plan.issue)
        ComposeIssue.warnIfSectionsHidden(rendered, logger: environment.logger)
        var (fields, subscriber) = try personalFields(database, week: plan.issue.id, recipient: recipient)
        if let topics { fields.topics = topics.joined(separator: ", ") }
        return .issue(
            Preview(
                week: plan.issue.id, rendered: rendered, fields: fields, subscriber: subscriber, sent: nil,
                topics: topics ?? subscriber?.topics ?? []))
    }

    /// The whole message of `preview`, built and DKIM-signed as sending would, with signed unsubscribe and
    /// preferences links.
    ///
    /// - Throws: the link secret's and DKIM errors.
    public func message(_ preview: Preview) throws -> [UInt8] {
        let messages = try IssueMessages(preview.rendered, environment: environment)
        let address = environment.configuration.newsletter.from.address
        guard preview.subscriber == nil else {
            return try messages.message(to: address, subscriber: preview.subscriber, date: environment.now()).bytes
        }
        return try messages.message(to: address, subscriber: nil, topics: preview.topics, date: environment.now())
            .bytes
    }

    private func personalFields(
        _ database: Database, week: String, recipient: String?
    ) throws -> (PersonalFields, Subscriber?) {
        let configuration = environment.configuration
        var fields = PersonalFields.anonymous(
            linkBaseURL: configuration.mail.linkBaseURL.absoluteString,
            email: configuration.newsletter.from.address.value, week: week)
        guard let recipient else { return (fields, nil) }
        let address: EmailAddress
        do {
            address = try EmailAddress(recipient)
        } catch {
            throw PreviewError.unknownSubscriber(recipient)
        }
        let store = SQLiteSubscriberStore(database: database)
        guard let subscriber = try store.subscriber(email: address) else {
            throw PreviewError.unknownSubscriber(recipient)
        }
        fields.name = subscriber.name
        fields.email = subscriber.email
        fields.topics = subscriber.topics.joined(separator: ", ")
        return (fields, subscriber)
    }
}

/// `bulletin preview` cannot produce what was asked.
public enum PreviewError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No subscriber has this address.
    case unknownSubscriber(String)
    /// The output file cannot be written (the path, the system's reason).
    case cannotWrite(String, String)

    /// One line: what, and what to do.
    public var description: String {
        switch self {
        case .unknownSubscriber(let email):
            "no subscriber has the address \(email); check the spelling, or preview as an unnamed reader."
        case .cannotWrite(let path, let reason):
            "cannot write \(path) (\(reason)); check that its folder exists and is writable."
        }
    }
}
