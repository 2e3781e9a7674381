import ArgumentParser
import BulletinApp
import BulletinCore
import Foundation

/// `bulletin digest note`.
struct DigestNote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Put an editor's note at the top of a week's issue, or show or remove it.",
        discussion: """
            The note is a small Markdown subset: paragraphs separated by a blank line, links [text](https://…), \\
            *emphasis* or _emphasis_, and **strong**; anything else is shown as written. It is rendered into the \\
            HTML and the text part when the issue is composed, and frozen with it: a week already sent keeps \\
            the note it was sent with (exit 65). Without text, prints the week's note.

            Examples:
              bulletin digest note "We are on holiday next week. *Back on 5 January.*"
              bulletin digest note --clear --week 2026-W52
            """
    )

    @Argument(help: "The note (quote it); a blank line starts a new paragraph.")
    var text: String?

    @Flag(help: "Remove the week's note.")
    var clear = false

    @OptionGroup var week: WeekOption
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if clear, text != nil { throw ValidationError("give either the note's text or --clear, not both.") }
        if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the note is empty; write its text, or use --clear to remove it.")
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let environment = try global.environment()
        let steering = try SteerDigest(environment)
        let issueWeek = week.issueWeek(environment.configuration, now: environment.now())
        if clear {
            if try steering.clearNote(week: issueWeek) {
                logger.info("removed the note of \(issueWeek)")
            } else {
                logger.info("\(issueWeek) had no note")
            }
        } else if let text {
            try steering.setNote(text, week: issueWeek)
            logger.info("the note of \(issueWeek) is set; `bulletin preview --week \(issueWeek)` shows it")
        } else if let note = try steering.note(week: issueWeek) {
            Terminal.standardOutput.line(note)
        } else {
            logger.info("\(issueWeek) has no note")
        }
    }
}
