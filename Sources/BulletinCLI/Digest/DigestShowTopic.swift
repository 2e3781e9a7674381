import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin digest show --topic NAME`: one topic's section of a week, and why each candidate is in or out.
struct DigestShowTopic {
    /// Where it runs.
    let environment: AppEnvironment
    /// The week.
    let week: IssueWeek
    /// The topic's name (checked against `[topics]`).
    let topic: String
    /// Whether to print JSON.
    let json: Bool

    /// Prints the frozen section of a sent week, or the section as it would be chosen now.
    func run() throws {
        let out = Terminal.standardOutput
        defer { out.flush() }
        let label = environment.configuration.topics.first { $0.name == topic }?.label ?? topic
        if let sent = try SentIssue.load(environment, week: week) {
            let section = sent.issue.sections.first { $0.topic == topic }
            let articles = section?.articles ?? []
            let store = SQLiteArticleStore(database: try environment.openDatabaseToRead())
            let titles = try articles.map {
                try store.article(url: $0, path: PagePath.normalize(urlPath: $0))?.article.title
            }
            let heading = SentIssueHeading.line(sent.issue, environment.configuration)
            if json {
                out.line(
                    try JSONOutput.string(
                        SentSectionJSON(
                            week: sent.issue.week, topic: topic, label: label, sent: heading,
                            articles: zip(articles, titles).enumerated().map {
                                .init(rank: $0 + 1, url: $1.0, title: $1.1)
                            })))
                return
            }
            out.line(
                "\(sent.issue.week) section \(topic) (\(label)): \(heading), "
                    + (articles.isEmpty
                        ? "no section (nothing new for the topic that week)" : articles.count.counted("article")))
            guard !articles.isEmpty else { return }
            out.line()
            var table = TextTable(["", "title", "url"])
            for (index, (url, title)) in zip(articles, titles).enumerated() {
                table.append(["\(index + 1)", String((title ?? "").prefix(60)), url])
            }
            for line in table.render() { out.line(line) }
            return
        }
        let plan = try DigestPlan.load(environment, week: week)
        guard let section = plan.sections.first(where: { $0.topic.name == topic }) else { return }
        if json {
            out.line(try JSONOutput.string(SectionJSON(plan: plan, section: section)))
            return
        }
        let chosen = section.chosen.count
        out.line(
            "\(plan.issue.id) section \(topic) (\(label)): "
                + (!plan.selection.isIssue
                    ? "no issue"
                    : chosen == 0 ? "no section (nothing new for the topic this week)" : chosen.counted("article")))
        if let reason = plan.selection.noIssueReason { out.line(reason) }
        guard !section.decisions.isEmpty else { return }
        out.line()
        var table = TextTable(["", "visitors", "views", "published", "title", "why"])
        var days = LocalDays(timeZone: week.timeZone)
        for decision in section.decisions {
            let article = decision.candidate.article
            let day = days.day(Int64(article.published.timeIntervalSince1970.rounded(.down)))
            table.append([
                decision.isChosen ? "in" : "out", decision.candidate.visitors.grouped,
                decision.candidate.views.grouped, CivilDay.format(day), String(article.title.prefix(60)),
                decision.reason,
            ])
        }
        for line in table.render() { out.line(line) }
    }
}

/// `digest show --topic NAME --json` for a week already sent.
struct SentSectionJSON: Encodable {
    let week: String
    let topic: String
    let label: String
    let sent: String
    let articles: [SentDigestJSON.Entry]
}

/// `digest show --topic NAME --json`.
struct SectionJSON: Encodable {
    let week: String
    let topic: String
    let label: String
    let isIssue: Bool
    let candidates: [DigestShowJSON.Candidate]

    init(plan: DigestPlan, section: DigestSection) {
        week = plan.issue.id
        topic = section.topic.name
        label = section.topic.label
        isIssue = plan.selection.isIssue
        candidates = section.decisions.map { DigestShowJSON.Candidate($0) }
    }
}
