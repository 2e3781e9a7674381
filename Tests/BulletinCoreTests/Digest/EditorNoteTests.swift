import Testing

@testable import BulletinCore

@Suite("The editor's note")
struct EditorNoteTests {
    @Test func paragraphsLinksAndEmphasisInHTMLAndText() {
        let note = EditorNote(
            """
            We are on holiday next week. *Back on 5 January.*

            Read **our review** of the year [here](https://example.org/year?a=1&b=2)
            or write to [us](mailto:news@example.org).
            """)
        #expect(
            note.html == """
                <p style="margin:0 0 10px 0;">We are on holiday next week. <em>Back on 5 January.</em></p>
                <p style="margin:0 0 10px 0;">Read <strong>our review</strong> of the year \
                <a href="https://example.org/year?a=1&amp;b=2" style="color:#a3341f;">here</a> or write to \
                <a href="mailto:news@example.org" style="color:#a3341f;">us</a>.</p>
                """)
        #expect(
            note.text == """
                We are on holiday next week. Back on 5 January.

                Read our review of the year here (https://example.org/year?a=1&b=2) or
                write to us (mailto:news@example.org).
                """)
    }

    @Test func htmlAndOtherSchemesAreShownAsWritten() {
        let note = EditorNote("<script>x</script> [click](javascript:alert(1)) 2 * 3 * 4 and a_b_c")
        #expect(!note.html.contains("<script>"))
        #expect(note.html.contains("&lt;script&gt;"))
        #expect(!note.html.contains("href"))
        #expect(note.text.contains("[click](javascript:alert(1))"))
    }
}
