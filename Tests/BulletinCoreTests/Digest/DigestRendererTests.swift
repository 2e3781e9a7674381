import Foundation
import Testing

@testable import BulletinCore

@Suite struct DigestRendererTests {
    let renderer: DigestRenderer
    let rendered: RenderedDigest

    init() throws {
        renderer = try DigestRenderer(templates: .stock)
        rendered = try renderer.render(DigestFixture.issue)
    }

    @Test func htmlMatchesTheGoldenFile() throws {
        try Snapshot.expect(rendered.html.filled(DigestFixture.reader), matches: "digest.html")
    }

    @Test func textMatchesTheGoldenFile() throws {
        try Snapshot.expect(rendered.text.filled(DigestFixture.reader), matches: "digest.txt")
    }

    @Test func subjectNamesTheNewsletterTheWeekAndTheLead() {
        #expect(
            rendered.subject
                == "Eurasia Weekly, 16–22 November 2026: Kazakhstan braces for a hard winter on an ageing power grid")
    }

    @Test func personalValuesAreEscapedInHTMLOnly() {
        let html = rendered.html.filled(DigestFixture.reader)
        #expect(html.contains("You receive Eurasia Weekly at dana@example.com"))
        #expect(html.contains("href=\"https://eurasia.example.org/unsubscribe?token=abc&amp;x=1\""))
        let text = rendered.text.filled(DigestFixture.reader)
        #expect(text.contains("Unsubscribe: https://eurasia.example.org/unsubscribe?token=abc&x=1"))
        #expect(rendered.html.slots.contains(PersonalFields.Slot.unsubscribeURL))
    }

    @Test func articleLinksCarryTheCampaign() throws {
        #expect(
            rendered.html.marked.contains(
                "https://eurasia.example.org/kazakhstan-power-grid-winter?utm_source=bulletin&amp;utm_medium=email&amp;utm_campaign=2026-W47"
            ))
        let untagged = DigestIssue(
            selection: DigestFixture.selection, newsletterName: "E", siteURL: "https://e.example", number: 1,
            utmTags: false)
        #expect(!(try renderer.render(untagged)).text.marked.contains("utm_"))
        #expect(
            DigestFixture.issue.link("https://a.example/p?x=1#top")
                == "https://a.example/p?x=1&utm_source=bulletin&utm_medium=email&utm_campaign=2026-W47#top")
    }

    @Test func aWeekWithoutPageViewsIsNotCalledMostRead() throws {
        var selection = DigestFixture.selection
        selection.usedNewestFallback = true
        let newest = try renderer.render(
            DigestIssue(
                selection: selection, newsletterName: "Eurasia Weekly", siteURL: "https://eurasia.example.org",
                number: 1, utmTags: true))
        #expect(newest.text.marked.contains("No page views were counted this week: here are its newest articles."))
        #expect(newest.text.marked.contains("ALSO NEW THIS WEEK"))
        #expect(newest.html.marked.contains("Here are the newest articles of Eurasia Weekly this week."))
        for part in [newest.text.marked, newest.html.marked] {
            #expect(!part.contains("read most"))
            #expect(!part.localizedCaseInsensitiveContains("also read this week"))
        }
        #expect(rendered.text.marked.contains("Here is what readers read most this week."))
    }

    @Test func textIsWrappedAt72ColumnsExceptForLongLinks() {
        for line in rendered.text.filled(DigestFixture.reader).split(separator: "\n") where !line.contains("://") {
            #expect(line.count <= 72, "\(line)")
        }
    }

    @Test func htmlHasNoScriptNoExternalStylesAndAltTextOnImages() {
        let html = rendered.html.marked
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<style"))
        #expect(html.components(separatedBy: "<img ").count == html.components(separatedBy: "alt=\"").count)
    }

    @Test func twentyArticlesStayUnderGmailsClippingSize() throws {
        let long = String(repeating: "A long summary sentence that keeps going for a while. ", count: 8)
        let candidates = (1...20).map { index in
            DigestCandidate(
                article: DigestFixture.article(
                    "story-\(index)", title: "A fairly long headline for story number \(index) of the week",
                    authors: ["Author \(index)", "Second Author"], published: "2026-11-18T10:00:00Z",
                    summary: String(long.prefix(Article.summaryLimit)), categories: ["Region", "Topic"],
                    image: "https://eurasia.example.org/img/\(index).jpg"),
                visitors: 100 + index, views: 200)
        }
        var rules = DigestRules.defaults
        rules.articles = 20
        let selection = DigestSelector.select(
            DigestSelector.Input(
                week: DigestFixture.week, candidates: candidates, weekHasPageViews: true, sentBefore: [:],
                steering: DigestSteering(), rules: rules))
        var issue = DigestFixture.issue
        issue.selection = selection
        let html = try renderer.render(issue).html.filled(DigestFixture.reader)
        #expect(selection.chosen.count == 20)
        #expect(html.utf8.count < 102 * 1024, "\(html.utf8.count) bytes")
    }

    @Test func anUnknownVariableNamesTheTemplateAndLine() throws {
        var set = TemplateSet.stock
        set.sources[StockTemplates.articleHTML] = "<tr>\n<td>{{title}}</td>\n<td>{{sumary}}</td></tr>"
        set.origins[StockTemplates.articleHTML] = "/srv/news/Templates"
        #expect(
            throws: DigestTemplateError.unknownVariable(
                template: "partials/article.html", origin: "/srv/news/Templates", line: 3, variable: "sumary")
        ) {
            try DigestRenderer(templates: set)
        }
        do {
            _ = try DigestRenderer(templates: set)
        } catch let error as DigestTemplateError {
            #expect(error.description.contains("/srv/news/Templates/partials/article.html.mustache"))
            #expect(error.description.contains("line 3"))
        }
    }

    @Test func aDottedNameIsCheckedAllTheWay() {
        var set = TemplateSet.stock
        set.sources[StockTemplates.subject] = "{{newsletter.title}}"
        #expect(throws: DigestTemplateError.self) { try DigestRenderer(templates: set) }
    }

    @Test func aSyntaxErrorNamesTheTemplateAndLine() throws {
        var set = TemplateSet.stock
        set.sources[StockTemplates.text] = "line one\n{{#lead}}\n{{title}}\n{{/articles}}\n"
        set.origins[StockTemplates.text] = "/srv/news/Templates"
        do {
            _ = try DigestRenderer(templates: set)
            Issue.record("a broken template was accepted")
        } catch let error as DigestTemplateError {
            guard case .syntax(let template, _, let line, _, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(template == "digest.txt")
            #expect(line == 4)
        }
    }

    @Test func theRepositoryTemplatesFolderMirrorsTheStockTemplates() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for (name, source) in StockTemplates.sources {
            let file = root.appendingPathComponent("Templates").appendingPathComponent(StockTemplates.fileName(name))
            #expect(try String(contentsOf: file, encoding: .utf8) == source, "Templates/\(name).mustache differs")
        }
        let readme = root.appendingPathComponent("Templates/README.md")
        #expect(try String(contentsOf: readme, encoding: .utf8) == StockTemplates.readme)
    }

    @Test func theREADMEDocumentsEveryVariable() {
        func names(_ fields: [String: DigestVariables], prefix: String) -> [String] {
            fields.flatMap { key, shape -> [String] in
                switch shape {
                case .value: return [prefix + key]
                // `lead` is an article like the list items, documented once without a prefix.
                case .object(let inner): return names(inner, prefix: key == "lead" ? "" : prefix + key + ".")
                case .list(let inner): return [prefix + key] + names(inner, prefix: "")
                }
            }
        }
        for name in names(DigestVariables.root, prefix: "") {
            let documented =
                StockTemplates.readme.contains("`\(name)`") || StockTemplates.readme.contains("{{\(name)}}")
            #expect(documented, "\(name) is not documented")
        }
    }
}
