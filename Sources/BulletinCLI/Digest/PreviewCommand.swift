import ArgumentParser
import BulletinApp
import BulletinCore
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
            under [links] base_url; a sent message carries signed links instead. With [topics], --for shows the \
            subscriber's topic sections; --topics a,b shows those of an unnamed reader with these topics.

            When the week has fewer than [digest] min_articles articles there is no issue: preview says so on \
            stderr and exits 0, as send skips such a week. When no page views were imported for the week, the \
            newest articles of the week are taken and a notice says so. For a week already sent, preview shows \
            the issue as it was frozen and sent, whatever page views came later, and says "sent as issue #N on \
            DATE" on stderr.

            Examples:
              bulletin preview
              bulletin preview --week 2026-W47 --format html --output issue.html
              bulletin preview --for dana@example.com
              bulletin preview --topics kazakhstan,economy
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

    @Option(
        help: ArgumentHelp(
            "Preview for an unnamed reader with these topics (comma-separated names from [topics]).",
            valueName: "a,b"))
    var topics: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let environment = try global.environment(logger: logger)
        let use = PreviewIssue(environment)
        let chosen = topics.map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let issueWeek = week.issueWeek(environment.configuration, now: environment.now())
        switch try use.run(week: issueWeek, for: recipient, topics: chosen) {
        case .noIssue(let reason):
            Terminal.printError(reason)
        case .issue(let preview):
            if let sent = preview.sent {
                // On stderr, so that the file or the piped output is the message itself.
                logger.notice("\(preview.week) was \(SentIssueHeading.line(sent, environment.configuration))")
            }
            let body: [UInt8]
            switch format {
            case .text: body = Array(preview.text.utf8)
            case .html: body = Array(preview.html.utf8)
            case .eml: body = try use.message(preview)
            }
            if let output {
                do {
                    try Data(body).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw PreviewError.cannotWrite(output, error.localizedDescription)
                }
                logger.info("wrote \(preview.week) (\(format.rawValue), \(body.count) bytes) to \(output)")
            } else {
                let out = Terminal.standardOutput
                if format == .text { out.line("Subject: \(preview.rendered.subject)\n") }
                out.write(String(decoding: body, as: UTF8.self))
                out.flush()
            }
        }
    }
}
