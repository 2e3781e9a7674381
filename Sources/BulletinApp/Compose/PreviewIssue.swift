import BulletinCore
import BulletinStore
import Foundation

/// `bulletin preview`: one week's issue rendered as a subscriber (or an unnamed reader) would read it, without
/// sending or recording anything.
public struct PreviewIssue {
    /// An issue rendered for one reader.
    public struct Preview {
        /// The selection it was rendered from.
        public let plan: DigestPlan
        /// The rendered issue, its personal slots still open.
        public let rendered: RenderedDigest
        /// The reader's fields.
        public let fields: PersonalFields
        /// The subscriber it is for; nil for an unnamed reader.
        public let subscriber: Subscriber?

        /// The text version, filled for the reader.
        public var text: String { rendered.text.filled(fields) }
        /// The HTML version, filled for the reader.
        public var html: String { rendered.html.filled(fields) }
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

    /// Selects and renders `issueWeek`'s issue for `recipient` (nil: an unnamed reader at the From address).
    ///
    /// - Throws: ``PreviewError/unknownSubscriber(_:)`` when `recipient` is no subscriber; the store's and
    ///   template errors.
    public func run(week issueWeek: IssueWeek, for recipient: String?) throws -> Result {
        let plan = try DigestPlan.load(environment, week: issueWeek)
        let renderer = try plan.renderer()
        if let reason = plan.selection.noIssueReason { return .noIssue(reason) }
        let rendered = renderer.render(plan.issue)
        let (fields, subscriber) = try personalFields(plan, recipient: recipient)
        return .issue(Preview(plan: plan, rendered: rendered, fields: fields, subscriber: subscriber))
    }

    /// The whole message of `preview`, built and DKIM-signed as sending would, with signed unsubscribe and
    /// preferences links.
    ///
    /// - Throws: the link secret's and DKIM errors.
    public func message(_ preview: Preview) throws -> [UInt8] {
        let messages = try IssueMessages(preview.rendered, environment: environment)
        let address = environment.configuration.newsletter.from.address
        return try messages.message(to: address, subscriber: preview.subscriber, date: environment.now()).bytes
    }

    private func personalFields(_ plan: DigestPlan, recipient: String?) throws -> (PersonalFields, Subscriber?) {
        var fields = PersonalFields.anonymous(
            linkBaseURL: plan.configuration.mail.linkBaseURL.absoluteString,
            email: plan.configuration.newsletter.from.address.value, week: plan.issue.id)
        guard let recipient else { return (fields, nil) }
        let address: EmailAddress
        do {
            address = try EmailAddress(recipient)
        } catch {
            throw PreviewError.unknownSubscriber(recipient)
        }
        let store = SQLiteSubscriberStore(database: plan.store.database)
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
