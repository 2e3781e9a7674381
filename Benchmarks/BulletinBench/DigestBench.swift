import BulletinCore
import Foundation

// `BulletinBench digest [subscribers] [baseline-subscribers]`: personalized HTML + text parts per second on one
// core, filling the issue rendered once, beside rendering the whole issue from scratch for each subscriber.
// Prints one Markdown table row (see Benchmarks/bench-digest.sh).

/// Personalizes `subscribers` issues filled from one render, and `baselineSubscribers` rendered from scratch.
func digestBench(subscribers: Int, baselineSubscribers: Int) throws {
    let zone = TimeZone(identifier: "Europe/Berlin") ?? .current
    let week = IssueWeek(ISOWeek("2026-W47") ?? ISOWeek(containing: 0), timeZone: zone)
    let summary =
        "Officials declined to comment, while analysts said the decision would shape the region for years; "
        + "residents interviewed in the capital and in the provinces were divided over what it would mean for them."
    let candidates = (1...10).map { index in
        DigestCandidate(
            article: Article(
                url: "https://eurasia.example.org/news/story-\(index)", guid: "",
                title:
                    index % 3 == 0
                    ? "Казахстан: энергетики готовятся к зиме, история \(index)"
                    : "Story \(index): the parliament passes a contested election law after a long night",
                authors: ["Aigerim Sadykova", "Giorgi Lomsadze"],
                published: week.start.addingTimeInterval(Double(index) * 3_600),
                updated: nil, summaryText: summary, summaryHTML: "<p>\(summary)</p>",
                categories: ["Kazakhstan", "Energy"],
                imageURL: "https://eurasia.example.org/img/\(index).jpg"),
            visitors: 1_000 - index, views: 2_000 - index)
    }
    let selection = DigestSelector.select(
        DigestSelector.Input(
            week: week, candidates: candidates, weekHasPageViews: true, sentBefore: [:], steering: DigestSteering(),
            rules: .defaults))
    let issue = DigestIssue(
        selection: selection, newsletterName: "Eurasia Weekly", siteURL: "https://eurasia.example.org", number: 12,
        utmTags: true)

    func fields(_ index: Int) -> PersonalFields {
        PersonalFields(
            name: "Reader Number \(index)", email: "reader\(index)@example.com", topics: "Energy",
            unsubscribeURL: "https://eurasia.example.org/unsubscribe?token=\(index)-abcdefghijklmnopqrstuvwxyz",
            preferencesURL: "https://eurasia.example.org/preferences?token=\(index)-abcdefghijklmnopqrstuvwxyz",
            viewURL: "https://eurasia.example.org/newsletter/2026-W47")
    }

    let renderer = try DigestRenderer(templates: .stock)
    var checksum = 0

    let start = processCPUSeconds()
    let rendered = try renderer.render(issue)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(rendered.html.sharedByteCount + rendered.text.sharedByteCount + 4_096)
    for index in 0..<subscribers {
        let personal = fields(index)
        buffer.removeAll(keepingCapacity: true)
        rendered.html.fill(personal, into: &buffer)
        rendered.text.fill(personal, into: &buffer)
        checksum &+= buffer.count
    }
    let filled = processCPUSeconds() - start

    let baselineStart = processCPUSeconds()
    for index in 0..<baselineSubscribers {
        let again = try renderer.render(issue)
        let personal = fields(index)
        checksum &+= again.html.filled(personal).utf8.count + again.text.filled(personal).utf8.count
    }
    let scratch = processCPUSeconds() - baselineStart

    let rate = Double(subscribers) / filled
    let baselineRate = Double(baselineSubscribers) / scratch
    let size = (rendered.html.sharedByteCount + rendered.text.sharedByteCount) / 1024
    print(
        "| digest: personalized HTML + text (\(size) KB, 10 articles), \(subscribers.formatted()) subscribers "
            + "| messages/s per core | \(Int(rate).formatted()) (\(String(format: "%.2f", filled)) s CPU) "
            + "| full render each: \(Int(baselineRate).formatted()) "
            + "| \(String(format: "%.0f", rate / baselineRate))× |")
    FileHandle.standardError.write(Data("checksum \(checksum)\n".utf8))
}
