import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin digest show`.
struct DigestShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "List a week's selection, with each candidate's figures and why it is in or out.",
        discussion: """
            The chosen articles come first, in issue order, then every other candidate with the reason it was \
            left out. Visitors are distinct visitors per day summed over the week. For a week already sent, the \
            issue as it was sent instead, headed "sent as issue #N on DATE", its articles in issue order.

            With --topic NAME, the section of that topic in [topics] instead: its articles in section order, \
            then every other candidate with the reason it was left out (in the main block, not in the topic, \
            sent in an earlier issue, excluded, too few visitors, section full…). For a week already sent, the \
            section as it was frozen.

            Examples:
              bulletin digest show
              bulletin digest show --week 2026-W47 --json
              bulletin digest show --topic kazakhstan
            """
    )

    @OptionGroup var week: WeekOption

    @Option(help: ArgumentHelp("Explain this topic's section instead of the main block.", valueName: "name"))
    var topic: String?

    @Flag(help: "Machine-readable JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let environment = try global.environment(logger: logger)
        let issueWeek = week.issueWeek(environment.configuration, now: environment.now())
        if let topic {
            try TopicChoiceError.check([topic], in: environment.configuration.topics)
            try DigestShowTopic(environment: environment, week: issueWeek, topic: topic, json: json).run()
            return
        }
        if let sent = try SentIssue.load(environment, week: issueWeek) {
            try show(sent, week: issueWeek, environment.configuration)
            return
        }
        let plan = try DigestPlan.load(environment, week: issueWeek)
        let selection = plan.selection
        let out = Terminal.standardOutput
        if json {
            out.line(try JSONOutput.string(DigestShowJSON(plan)))
            out.flush()
            return
        }
        let chosen = selection.chosen.count
        out.line(
            "\(plan.issue.id) (\(selection.week.firstDay) to \(selection.week.lastDay), "
                + "\(selection.week.timeZone.configurationName)): "
                + (selection.isIssue ? "issue \(plan.issue.number), \(chosen.counted("article"))" : "no issue"))
        if selection.usedNewestFallback { out.line("No page views for this week: the newest articles were taken.") }
        if let reason = selection.noIssueReason { out.line(reason) }
        out.line()
        var table = TextTable(["", "visitors", "views", "published", "title", "why"])
        // Publication days in the issue's zone, as the week's boundaries are.
        var days = LocalDays(timeZone: selection.week.timeZone)
        for decision in selection.decisions {
            let article = decision.candidate.article
            let day = days.day(Int64(article.published.timeIntervalSince1970.rounded(.down)))
            table.append([
                decision.isChosen ? "in" : "out", decision.candidate.visitors.grouped,
                decision.candidate.views.grouped, CivilDay.format(day),
                String(article.title.prefix(60)), decision.reason,
            ])
        }
        for line in table.render() { out.line(line) }
        out.flush()
    }

    /// A week already sent: the frozen issue's articles in issue order, whatever page views came since.
    private func show(_ sent: SentIssue, week issueWeek: IssueWeek, _ configuration: Configuration) throws {
        let out = Terminal.standardOutput
        let heading = SentIssueHeading.line(sent.issue, configuration)
        if json {
            out.line(try JSONOutput.string(SentDigestJSON(sent, week: issueWeek, heading: heading)))
            out.flush()
            return
        }
        out.line(
            "\(sent.issue.week) (\(issueWeek.firstDay) to \(issueWeek.lastDay), "
                + "\(issueWeek.timeZone.configurationName)): \(heading), \(sent.entries.count.counted("article"))")
        out.line("Subject: \(sent.issue.subject)")
        out.line()
        var table = TextTable(["", "published", "title", "url"])
        var days = LocalDays(timeZone: issueWeek.timeZone)
        for (index, entry) in sent.entries.enumerated() {
            let published = entry.article.map {
                CivilDay.format(days.day(Int64($0.published.timeIntervalSince1970.rounded(.down))))
            }
            table.append([
                "\(index + 1)", published ?? "", String((entry.article?.title ?? "").prefix(60)), entry.url,
            ])
        }
        for line in table.render() { out.line(line) }
        out.flush()
    }
}

/// `digest show --json` for a week already sent.
struct SentDigestJSON: Encodable {
    let week: String
    let firstDay: String
    let lastDay: String
    let timeZone: String
    let sent: String
    let issueNumber: Int
    let frozenAt: String
    let subject: String
    let articles: [Entry]

    struct Entry: Encodable {
        let rank: Int
        let url: String
        let title: String?
    }

    init(_ sent: SentIssue, week issueWeek: IssueWeek, heading: String) {
        week = sent.issue.week
        firstDay = issueWeek.firstDay
        lastDay = issueWeek.lastDay
        timeZone = issueWeek.timeZone.configurationName
        self.sent = heading
        issueNumber = sent.issue.number
        frozenAt = Timestamp.format(sent.issue.createdAt)
        subject = sent.issue.subject
        articles = sent.entries.enumerated().map { Entry(rank: $0 + 1, url: $1.url, title: $1.article?.title) }
    }
}

/// `digest show --json`.
struct DigestShowJSON: Encodable {
    let week: String
    let firstDay: String
    let lastDay: String
    let timeZone: String
    let isIssue: Bool
    let issueNumber: Int
    let newestFallback: Bool
    let candidates: [Candidate]

    struct Candidate: Encodable {
        let url: String
        let title: String
        let published: String
        let categories: [String]
        let visitors: Int
        let views: Int
        let chosen: Bool
        let rank: Int?
        let pinned: Bool
        let reason: String

        init(_ decision: DigestDecision) {
            var rank: Int?
            var pinned = false
            if case .chosen(let r, let p) = decision.outcome {
                rank = r
                pinned = p
            }
            let article = decision.candidate.article
            url = article.url
            title = article.title
            published = Timestamp.format(article.published)
            categories = article.categories
            visitors = decision.candidate.visitors
            views = decision.candidate.views
            chosen = decision.isChosen
            self.rank = rank
            self.pinned = pinned
            reason = decision.reason
        }
    }

    init(_ plan: DigestPlan) {
        let selection = plan.selection
        week = plan.issue.id
        firstDay = selection.week.firstDay
        lastDay = selection.week.lastDay
        timeZone = selection.week.timeZone.configurationName
        isIssue = selection.isIssue
        issueNumber = plan.issue.number
        newestFallback = selection.usedNewestFallback
        candidates = selection.decisions.map { Candidate($0) }
    }
}
