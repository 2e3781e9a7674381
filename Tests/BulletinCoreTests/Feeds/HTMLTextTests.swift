import BulletinCore
import Foundation
import Testing

/// HTML to text, sanitizing, canonical URLs and page paths.
@Suite struct HTMLTextTests {
    @Test func stripsTagsScriptsAndDecodesEntities() {
        let html = "<p>Caf&eacute; &amp; <b>bar</b></p><script>var x = '<p>';</script><p>next&#8217;s&nbsp;line</p>"
        #expect(HTMLText.plainText(html) == "Café & bar next’s line")
    }

    @Test func truncatesAtAWord() {
        let text = String(repeating: "word ", count: 200)
        let cut = HTMLText.truncate(text.trimmingCharacters(in: .whitespaces), limit: 400)
        #expect(cut.count <= 400)
        #expect(cut.hasSuffix("word…"))
    }

    @Test func sanitizerRemovesDangerousMarkup() {
        let html = """
            <p style="color:red" onclick="steal()">Hi <a href="javascript:alert(1)">x</a> \
            <a href="/ok" onmouseover="y()">ok</a></p><iframe src="https://evil"></iframe>\
            <style>p{}</style><img src="/i.png" onerror="z()"><form><input></form><unknown>kept</unknown>
            """
        let clean = HTMLSanitizer.sanitize(html, base: URL(string: "https://example.org/feed"))
        #expect(
            clean
                == "<p>Hi <a rel=\"noopener\">x</a> <a href=\"https://example.org/ok\" rel=\"noopener\">ok</a></p>"
                + "<img src=\"https://example.org/i.png\">kept")
    }

    @Test(arguments: [
        (
            "HTTPS://Example.ORG:443/a/b?utm_source=x&UTM_medium=y&id=3&fbclid=z&gclid=q#top",
            "https://example.org/a/b?id=3"
        ),
        ("http://example.org", "http://example.org/"),
        ("http://example.org:8080/x", "http://example.org:8080/x"),
        ("mailto:a@example.org", nil),
    ])
    func canonicalizes(link: String, expected: String?) {
        #expect(CanonicalURL.canonicalize(link, base: nil) == expected)
    }

    @Test(arguments: [
        ("/news/a-b/", "/news/a-b"), ("/news/a-b?utm_source=x", "/news/a-b"), ("/", "/"), ("/?p=1", "/"),
        ("https://example.org/x/y/?q", "/x/y"), ("/%d0%b0", "/%D0%B0"),
    ])
    func normalizesPaths(target: String, expected: String) {
        #expect(PagePath.normalize(urlPath: target) == expected)
    }
}
