/// Columns of text aligned for a terminal.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) {
        self.header = header
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The width of each column: its widest cell, header included.
    var widths: [Int] {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return widths
    }

    /// The table as lines: a header, then the rows, columns two spaces apart, the last column unpadded.
    func render() -> [String] {
        let widths = self.widths
        return ([header] + rows).map { Self.line($0, widths: widths) }
    }

    /// One row padded to the given widths (a wider cell pushes the rest of its row right).
    static func line(_ row: [String], widths: [Int]) -> String {
        row.enumerated().map { index, cell in
            index == row.count - 1 || index >= widths.count
                ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
        }.joined(separator: "  ")
    }
}
