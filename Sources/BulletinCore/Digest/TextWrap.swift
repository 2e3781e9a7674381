/// Word wrapping for the text version, which plain-text readers show as it is.
public enum TextWrap {
    /// The column the text version is wrapped at.
    public static let width = 72

    /// `text` with whitespace collapsed and lines broken between words before `width` columns; a word longer
    /// than the width (a long URL) gets a line of its own.
    public static func wrap(_ text: String, width: Int = width) -> String {
        var lines: [String] = []
        var line = ""
        var column = 0
        for word in text.split(whereSeparator: \.isWhitespace) {
            let length = word.count
            if column > 0 && column + 1 + length > width {
                lines.append(line)
                line = ""
                column = 0
            }
            if column > 0 {
                line += " "
                column += 1
            }
            line += word
            column += length
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
