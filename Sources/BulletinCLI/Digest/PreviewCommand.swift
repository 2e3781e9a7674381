import ArgumentParser
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin preview`: one issue as a subscriber would read it.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render a week's digest without sending it.",
        discussion: """
            Selects the issue's articles exactly as sending would (see `bulletin digest show` for why each \
            candidate is in or out), renders the templates and prints the result: the text version by default, \
            the HTML with --format html, or the whole MIME message with --format eml (built and DKIM-signed as \
            sending would, with signed unsubscribe and preferences links). Without --for, personal fields are those of an unnamed reader at the \
            newsletter's From address and the links are the plain unsubscribe, preferences and archive pages \
            under [links] base_url; a sent message carries signed links instead.

            When the week has fewer than [digest] min_articles articles there is no issue: preview says so on \
            stderr and exits 0, as send skips such a week. When no page views were imported for the week, the \
            newest articles of the week are taken and a notice says so.

            Examples:
              bulletin preview
              bulletin preview --week 2026-W47 --format html --output issue.html
              bulletin preview --for dana@example.com
            """
    )

    /// What to print.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, html, eml
    }

    @OptionGroup var week: WeekOption

    @Option(help: ArgumentHelp("text (default), html, or eml (the whole MIME message).", valueName: "format"))
    var format: Format = .text

    @Option(name: .customLong("for"), help: ArgumentHelp("Personalize as this subscriber.", valueName: "email"))
    var recipient: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let plan = try DigestPlan.load(global: global, week: week, logger: logger)
        let renderer = try plan.renderer()
        guard let reason = plan.selection.noIssueReason else {
            let rendered = renderer.render(plan.issue)
            let (fields, subscriber) = try personalFields(plan)
            let body: [UInt8]
            switch format {
            case .text: body = Array(rendered.text.filled(fields).utf8)
            case .html: body = Array(rendered.html.filled(fields).utf8)
            case .eml: body = try message(rendered, plan: plan, subscriber: subscriber)
            }
            if let output {
                do {
                    try Data(body).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw PreviewError.cannotWrite(output, error.localizedDescription)
                }
                logger.info("wrote \(plan.issue.id) (\(format.rawValue), \(body.count) bytes) to \(output)")
            } else {
                let out = Terminal.standardOutput
                if format == .text { out.line("Subject: \(rendered.subject)\n") }
                out.write(String(decoding: body, as: UTF8.self))
                out.flush()
            }
            return
        }
        Terminal.printError(reason)
    }

    /// The whole message, built and DKIM-signed as sending would, with signed unsubscribe and preferences links.
    private func message(_ rendered: RenderedDigest, plan: DigestPlan, subscriber: Subscriber?) throws -> [UInt8] {
        let messages = try IssueMessages(rendered, configuration: plan.configuration)
        let address = plan.configuration.newsletter.from.address
        return try messages.message(to: address, subscriber: subscriber, date: try global.now()).bytes
    }

    private func personalFields(_ plan: DigestPlan) throws -> (PersonalFields, Subscriber?) {
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
enum PreviewError: BulletinError {
    case unknownSubscriber(String)
    case cannotWrite(String, String)

    var exitStatus: ExitStatus {
        switch self {
        case .unknownSubscriber: .dataError
        case .cannotWrite: .cannotCreate
        }
    }

    var description: String {
        switch self {
        case .unknownSubscriber(let email):
            "no subscriber has the address \(email); check it with `bulletin subscribers show`, or preview "
                + "without --for."
        case .cannotWrite(let path, let reason):
            "cannot write \(path) (\(reason)); check that its folder exists and is writable."
        }
    }
}
