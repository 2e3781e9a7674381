import BulletinCore
import BulletinStore
import Foundation
import Logging

/// One week's issue as `send`, `preview` and `digest show` see it: the selection, the issue around it, and the
/// renderer.
public struct DigestPlan {
    /// The configuration.
    public let configuration: Configuration
    /// The store the selection was read from.
    public let store: SQLiteDigestStore
    /// The week's selection.
    public let selection: DigestSelection
    /// The issue around it, with the topics' sections that have articles.
    public let issue: DigestIssue
    /// Every configured topic's section, empty ones included, in the table's order (for `digest show --topic`).
    public let sections: [DigestSection]

    /// Reads the week's candidates from the environment's database and selects the issue, logging when the
    /// no-views fallback was used.
    public static func load(_ environment: AppEnvironment, week issueWeek: IssueWeek) throws -> DigestPlan {
        try load(
            configuration: environment.configuration, database: try environment.openDatabaseToRead(), week: issueWeek,
            logger: environment.logger)
    }

    /// Selects the issue of `issueWeek` from `database`.
    public static func load(
        configuration: Configuration, database: Database, week issueWeek: IssueWeek, logger: Logger
    ) throws -> DigestPlan {
        let store = SQLiteDigestStore(database: database)
        let input = try store.selectionInput(week: issueWeek, rules: configuration.digest.rules)
        let selection = DigestSelector.select(input)
        // Computed once per issue for every topic, whoever reads it.
        let sections = DigestSection.all(
            input, main: selection, topics: configuration.topics, perTopic: configuration.digest.perTopic)
        if selection.usedNewestFallback {
            // A warning, so that `--quiet` keeps it and cron mails it: the issue is not what the site's readers read.
            logger.warning(
                """
                no page views were imported for \(issueWeek) (\(issueWeek.firstDay) to \(issueWeek.lastDay)); \
                taking the newest articles of the week instead
                """)
        }
        var issue = DigestIssue(
            selection: selection, newsletterName: configuration.newsletter.name,
            siteURL: configuration.newsletter.siteURL.absoluteString,
            number: try store.issueNumber(week: issueWeek.description), utmTags: configuration.digest.utmTags,
            sections: sections.filter { !$0.chosen.isEmpty })
        issue.note = try store.note(week: issueWeek.description).map(EditorNote.init)
        return DigestPlan(
            configuration: configuration, store: store, selection: selection, issue: issue, sections: sections)
    }

    /// The configured templates (or the stock ones), parsed and checked.
    public func renderer() throws -> DigestRenderer {
        let set = try configuration.digest.templates.map(TemplateSet.folder) ?? .stock
        return try DigestRenderer(templates: set)
    }
}
