import Foundation
import Testing

@testable import BulletinCore

/// The preflight's pure rules, with link statuses given as a fake checker would.
@Suite struct PreflightRulesTests {
    private static let site = URL(string: "https://news.example.org") ?? URL(fileURLWithPath: "/")
    private static let urls = [
        "https://news.example.org/a", "https://news.example.org/b", "https://news.example.org/c",
    ]

    private func input(
        subject: String = "Issue #1: the week", html: String = "<p>Hello</p>", urls: [String] = Self.urls,
        minArticles: Int = 3, fallback: Bool = false
    ) -> PreflightInput {
        PreflightInput(
            subject: subject, html: html, articleURLs: urls, articleCount: urls.count, minArticles: minArticles,
            usedNewestFallback: fallback, siteURL: Self.site)
    }

    @Test func aCleanIssueHasNoFinding() {
        let links = Dictionary(uniqueKeysWithValues: Self.urls.map { ($0, LinkStatus.answered(200)) })
        #expect(PreflightRules.findings(input(), links: links).isEmpty)
    }

    @Test(arguments: [404, 410])
    func deadLinksBlock(code: Int) {
        let findings = PreflightRules.findings(input(), links: [Self.urls[1]: .answered(code)])
        #expect(findings.map(\.check) == [.deadLink])
        #expect(findings.first?.severity == .blocking)
        #expect(findings.first?.url == Self.urls[1])
    }

    @Test func timeoutsDNSFailuresAndOtherErrorsAreWarnings() {
        let findings = PreflightRules.findings(
            input(),
            links: [
                Self.urls[0]: .unreachable("no answer within 10 s"),
                Self.urls[1]: .unreachable("the host name does not resolve"), Self.urls[2]: .answered(503),
            ])
        #expect(findings.count == 3)
        #expect(findings.allSatisfy { $0.severity == .warning && $0.check == .unreachableLink })
    }

    @Test func fewerThanMinArticlesBlocks() {
        let findings = PreflightRules.findings(input(urls: Array(Self.urls.prefix(2))), links: [:])
        #expect(findings.map(\.check) == [.tooFewArticles])
        #expect(findings.first?.isBlocking == true)
        #expect(PreflightRules.findings(input(urls: Array(Self.urls.prefix(2)), minArticles: 2), links: [:]).isEmpty)
    }

    @Test func anHTMLPartOver102KBBlocks() {
        let limit = PreflightRules.maxHTMLBytes
        #expect(limit == 104_448)
        #expect(PreflightRules.findings(input(html: String(repeating: "x", count: limit)), links: [:]).isEmpty)
        let over = PreflightRules.findings(input(html: String(repeating: "x", count: limit + 1)), links: [:])
        #expect(over.map(\.check) == [.htmlSize])
        #expect(over.first?.isBlocking == true)
        // Bytes, not characters: 52,225 two-byte characters are over.
        let wide = PreflightRules.findings(input(html: String(repeating: "é", count: limit / 2 + 1)), links: [:])
        #expect(wide.map(\.check) == [.htmlSize])
    }

    @Test func aSubjectOver78CharactersIsAWarning() {
        #expect(PreflightRules.findings(input(subject: String(repeating: "s", count: 78)), links: [:]).isEmpty)
        let long = PreflightRules.findings(input(subject: String(repeating: "s", count: 79)), links: [:])
        #expect(long.map(\.check) == [.subjectLength])
        #expect(long.first?.severity == .warning)
    }

    @Test func imagesWithoutAltTextOrOverHTTPAreWarnings() {
        let html = """
            <img src="https://news.example.org/1.jpg" alt="A harbour">
            <IMG SRC='https://news.example.org/2.jpg' ALT=''>
            <img src=https://news.example.org/3.jpg>
            <img alt="Plain" src="http://cdn.example.net/4.jpg" />
            <imgur>not an image</imgur>
            """
        let findings = PreflightRules.findings(input(html: html), links: [:])
        #expect(findings.map(\.check) == [.imageAlt, .imageAlt, .insecureImage])
        #expect(
            findings.map(\.url) == [
                "https://news.example.org/2.jpg", "https://news.example.org/3.jpg", "http://cdn.example.net/4.jpg",
            ])
        #expect(findings.allSatisfy { $0.severity == .warning })
    }

    @Test func theNewestArticlesFallbackIsAWarning() {
        let findings = PreflightRules.findings(input(fallback: true), links: [:])
        #expect(findings.map(\.check) == [.newestFallback])
        #expect(findings.first?.severity == .warning)
    }

    @Test func aLinkToAnotherHostIsAWarning() {
        let urls = ["https://www.news.example.org/a", "https://NEWS.example.org/b", "https://other.example.com/c"]
        let findings = PreflightRules.findings(input(urls: urls), links: [:])
        #expect(findings.map(\.check) == [.foreignHost])
        #expect(findings.first?.url == "https://other.example.com/c")
        #expect(findings.first?.severity == .warning)
    }

    @Test func blockingFindingsComeFirst() {
        let findings = PreflightRules.findings(
            input(subject: String(repeating: "s", count: 80), fallback: true),
            links: [Self.urls[2]: .answered(410)])
        #expect(findings.map(\.check) == [.deadLink, .subjectLength, .newestFallback])
    }
}
