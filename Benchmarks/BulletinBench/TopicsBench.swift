import BulletinCore
import Foundation

// `BulletinBench topics [count]`: personalized messages per CPU-second on one thread from a real issue rendered
// with the stock templates: 10 articles in the main block and 5 topics with 3-article sections, readers with 0–3
// of them (a quarter each), unsigned, through the real MessageTemplate; then the same readers and main block
// without topics. Prints two lines, `<mode> <messages> <CPU seconds> <messages per second> <average bytes>`,
// for `topics` and `no-topics` (see Benchmarks/bench-topics.sh).

/// Builds `count` messages with topic sections and `count` without.
func topicsBench(count: Int) throws {
    let zone = TimeZone(identifier: "Europe/Berlin") ?? .current
    let week = IssueWeek(ISOWeek("2026-W47") ?? ISOWeek(containing: 0), timeZone: zone)
    let summary =
        "Officials declined to comment, while analysts said the decision would shape the region for years; "
        + "residents interviewed in the capital and in the provinces were divided over what it would mean for them."
    let names = ["kazakhstan", "economy", "energy", "georgia", "culture"]
    let candidates = (1...40).map { index in
        DigestCandidate(
            article: Article(
                url: "https://eurasia.example.org/news/story-\(index)", guid: "",
                title: index % 3 == 0
                    ? "Казахстан: энергетики готовятся к зиме, история \(index)"
                    : "Story \(index): the parliament passes a contested election law after a long night",
                authors: ["Aigerim Sadykova"], published: week.start.addingTimeInterval(Double(index) * 3_600),
                updated: nil, summaryText: summary, summaryHTML: "<p>\(summary)</p>",
                categories: [names[index % 5]], imageURL: "https://eurasia.example.org/img/\(index).jpg"),
            visitors: 1_000 - index, views: 2_000 - index)
    }
    let input = DigestSelector.Input(
        week: week, candidates: candidates, weekHasPageViews: true, sentBefore: [:], steering: DigestSteering(),
        rules: .defaults)
    let selection = DigestSelector.select(input)
    let topics = names.map { Topic(name: $0, label: $0.capitalized, categories: [$0]) }
    let sections = DigestSection.select(input, main: selection, topics: topics, perTopic: 3)
    let plainIssue = DigestIssue(
        selection: selection, newsletterName: "Eurasia Weekly", siteURL: "https://eurasia.example.org", number: 12,
        utmTags: true)
    var topicIssue = plainIssue
    topicIssue.sections = sections
    let renderer = try DigestRenderer(templates: .stock)
    let recipients = try (0..<1000).map { index in
        var recipient = MessageRecipient(
            subscriberID: Int64(index + 1), address: try EmailAddress("reader\(index)@example.net"),
            name: "Reader Number \(index)")
        // 0, 1, 2 or 3 topics, a quarter of the readers each.
        recipient.sections = (0..<(index % 4)).map { names[(index + $0) % 5] }
        return recipient
    }
    for (mode, issue) in [("topics", topicIssue), ("no-topics", plainIssue)] {
        let rendered = try renderer.render(issue)
        let template = try MessageTemplate(
            settings: MessageSettings(
                from: Mailbox(name: "Eurasia Weekly", address: try EmailAddress("news@example.org")),
                listName: "Eurasia Weekly", listID: "news.example.org", linkBaseURL: "https://example.org",
                unsubscribeAddress: try EmailAddress("unsubscribe@example.org"), feedbackID: nil),
            subject: rendered.subject, text: BodyTemplate(rendered.text.marked, subtype: .plain),
            html: BodyTemplate(rendered.html.marked, subtype: .html), issue: rendered.id,
            links: try LinkSigner(secret: Array(repeating: 1, count: 32)),
            sections: rendered.sections.map { .init(topic: $0.topic, text: $0.text, html: $0.html) })
        let date = Date()
        var bytes = 0
        let start = threadCPUSeconds()
        for index in 0..<count {
            bytes += try template.message(for: recipients[index % recipients.count], date: date).bytes.count
        }
        let seconds = threadCPUSeconds() - start
        print(mode, count, String(format: "%.3f", seconds), Int(Double(count) / seconds), bytes / count)
    }
}
