import ArgumentParser

/// `bulletin digest`: steer and inspect a week's selection.
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Steer and inspect which articles make a week's issue.",
        discussion: """
            An issue covers one ISO week (Monday 00:00 to the next Monday 00:00 in [digest] timezone) and is \
            named after it, like 2026-W47; without --week, commands act on the last complete week.

            Candidates are the articles published in the week or the [digest] lookback_days before it with at \
            least [digest] min_visitors visitors in the week. They are ranked by visitors, then views, then the \
            newest first, then URL; articles already sent in an earlier issue are left out; [digest] \
            max_per_category keeps one region or topic from filling the issue; the first [digest] articles are \
            taken. With no page views at all for the week, the newest articles of the week are taken instead. \
            Fewer than [digest] min_articles means no issue that week.

            Editors can pin an article (it goes first, whatever its figures) or exclude one, for one week.
            """,
        subcommands: [
            DigestShow.self, DigestPin.self, DigestExclude.self, DigestClear.self, DigestRules.self, DigestNote.self,
        ]
    )
}
