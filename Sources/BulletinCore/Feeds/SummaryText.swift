/// A feed item's summary as readers should see it in an issue: its paragraphs kept apart, and without the lines
/// blogs add to every excerpt ("Continue reading…", "Read more", "The post … appeared first on …", "Related: …").
public enum SummaryText {
    /// The text of `html`: paragraphs separated by a blank line, the trailing boilerplate removed, cut at
    /// `limit` characters at a word.
    public static func of(html: String, limit: Int) -> String {
        var paragraphs = HTMLText.plainText(html, keepingLines: true).split(separator: "\n").map(String.init)
        while let last = paragraphs.last, isBoilerplate(last) { paragraphs.removeLast() }
        if let last = paragraphs.last {
            paragraphs[paragraphs.count - 1] = withoutTrailingLink(last)
            if paragraphs[paragraphs.count - 1].isEmpty { paragraphs.removeLast() }
        }
        return HTMLText.truncate(paragraphs.joined(separator: "\n\n"), limit: limit)
    }

    /// The paragraphs of a summary made by ``of(html:limit:)`` (one, for summaries stored before).
    public static func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { String($0) }.filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
    }

    /// Phrases that start a whole line of boilerplate.
    static let boilerplateStarts = [
        "continue reading", "read more", "read the full", "read the rest", "keep reading", "related:",
        "related articles", "related stories", "see also:", "[…]", "[...]", "…", "→", "»",
    ]

    /// Whether a line is only boilerplate.
    static func isBoilerplate(_ line: String) -> Bool {
        let lower = line.lowercased().trimmingCharacters(in: .whitespaces)
        if lower.hasPrefix("the post "), lower.contains(" appeared first on ") { return true }
        if lower.hasPrefix("this entry was posted in")
            || lower.hasPrefix("the article") && lower.contains("appeared first")
        {
            return true
        }
        // "Read more…", "Continue reading “Title” →", "Related: Other story": short, and no sentence.
        guard let phrase = boilerplateStarts.first(where: { lower.hasPrefix($0) }) else { return false }
        return lower.count <= phrase.count + 80 && (!lower.hasSuffix(".") || lower.hasSuffix("..."))
    }

    /// A paragraph without the "Continue reading →" or "Read more…" link that ends it.
    static func withoutTrailingLink(_ paragraph: String) -> String {
        let lower = paragraph.lowercased()
        for phrase in ["continue reading", "read more", "keep reading", "read the full"] {
            guard let range = lower.range(of: phrase, options: .backwards) else { continue }
            let tail = lower[range.upperBound...]
            // Only a short tail may follow: nothing, an arrow, an ellipsis, the title in quotes; never the rest of
            // a sentence ("read more about it.").
            let rest = tail.trimmingCharacters(in: .whitespaces)
            guard tail.count <= 120, rest.isEmpty || rest.hasPrefix("...") || "…→»>\"“‘'[(".contains(rest.first ?? " ")
            else { continue }
            let offset = lower.distance(from: lower.startIndex, to: range.lowerBound)
            var head = String(paragraph.prefix(offset))
            while let last = head.last, last == " " || "-–—|·•:".contains(last) { head.removeLast() }
            return head
        }
        return paragraph
    }
}
