import Foundation

/// Small charts drawn as inline SVG for the HTML report: vertical bars (one or two stacked series), horizontal
/// bars with their labels above them, and a line; with axes, tick labels and a title for screen readers.
///
/// Every chart has a fixed `viewBox` and `width="100%"`, so it scales to the page: the sizes below are chosen to
/// stay readable from a 375 px phone (text about 11 px) to a desktop column.
public enum SVGChart {
    /// One bar or point: its label and value(s).
    public struct Point: Sendable, Equatable {
        /// The axis label.
        public var label: String
        /// The first series' value.
        public var value: Double
        /// The second series' value, stacked on the first (bars only).
        public var second: Double

        /// Creates a point.
        public init(label: String, value: Double, second: Double = 0) {
            self.label = label
            self.value = value
            self.second = second
        }
    }

    /// The chart's width in its own units.
    static let width = 400.0
    /// The left margin, for the y axis' labels.
    static let left = 40.0
    /// The right margin.
    static let right = 8.0
    /// The top margin.
    static let top = 10.0
    /// The bottom margin, for the x axis' labels.
    static let bottom = 28.0

    /// Vertical bars, the second series stacked on the first, with a y axis of round ticks; x labels are thinned
    /// to fit.
    public static func bars(_ points: [Point], title: String, height: Double = 200) -> String {
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let maximum = points.map { $0.value + $0.second }.max() ?? 0
        let ticks = niceTicks(maximum: maximum)
        let top = ticks.last ?? 1
        var svg = open(title: title, height: height)
        svg += axes(ticks: ticks, top: top, plotHeight: plotHeight)
        let slot = points.isEmpty ? plotWidth : plotWidth / Double(points.count)
        let barWidth = max(1, slot * 0.7)
        let labelEvery = max(1, Int((Double(points.count) * 34 / plotWidth).rounded(.up)))
        for (index, point) in points.enumerated() {
            let x = left + Double(index) * slot + (slot - barWidth) / 2
            let firstHeight = plotHeight * point.value / top
            let secondHeight = plotHeight * point.second / top
            let base = Self.top + plotHeight
            let tip =
                "\(escape(point.label)): \(number(point.value))"
                + (point.second > 0 ? " + \(number(point.second))" : "")
            if firstHeight > 0 {
                svg +=
                    "<rect class=\"s1\" x=\"\(f(x))\" y=\"\(f(base - firstHeight))\" width=\"\(f(barWidth))\" "
                    + "height=\"\(f(firstHeight))\"><title>\(tip)</title></rect>"
            }
            if secondHeight > 0 {
                svg +=
                    "<rect class=\"s2\" x=\"\(f(x))\" y=\"\(f(base - firstHeight - secondHeight))\" "
                    + "width=\"\(f(barWidth))\" height=\"\(f(secondHeight))\"><title>\(tip)</title></rect>"
            }
            if index % labelEvery == 0 {
                svg +=
                    "<text class=\"xl\" x=\"\(f(x + barWidth / 2))\" y=\"\(f(base + 16))\" "
                    + "text-anchor=\"middle\">\(escape(point.label))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, one row per point, each label written above its bar and the value at its end.
    public static func horizontalBars(_ points: [Point], title: String) -> String {
        let row = 40.0
        let height = max(row, Double(points.count) * row) + 4
        let maximum = max(1, points.map(\.value).max() ?? 0)
        let barSpace = width - 8 - 48
        var svg = open(title: title, height: height)
        for (index, point) in points.enumerated() {
            let y = Double(index) * row
            let length = barSpace * point.value / maximum
            svg += "<text class=\"hl\" x=\"4\" y=\"\(f(y + 14))\">\(escape(truncate(point.label, 58)))</text>"
            svg +=
                "<rect class=\"s1\" x=\"4\" y=\"\(f(y + 20))\" width=\"\(f(max(length, 1)))\" height=\"14\">"
                + "<title>\(escape(point.label)): \(number(point.value))</title></rect>"
            svg +=
                "<text class=\"hv\" x=\"\(f(4 + max(length, 1) + 6))\" y=\"\(f(y + 32))\">"
                + "\(number(point.value))</text>"
        }
        return svg + "</svg>"
    }

    /// A line through the points, with a dot and its value on each, over a y axis of round ticks.
    public static func line(_ points: [Point], title: String, height: Double = 200) -> String {
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let ticks = niceTicks(maximum: points.map(\.value).max() ?? 0)
        let top = ticks.last ?? 1
        var svg = open(title: title, height: height)
        svg += axes(ticks: ticks, top: top, plotHeight: plotHeight)
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let labelEvery = max(1, Int((Double(points.count) * 56 / plotWidth).rounded(.up)))
        let coordinates = points.enumerated().map { index, point in
            (
                x: left + (points.count > 1 ? Double(index) * step : plotWidth / 2),
                y: Self.top + plotHeight - plotHeight * point.value / top
            )
        }
        if coordinates.count > 1 {
            let path = coordinates.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
            svg += "<polyline class=\"ln\" points=\"\(path)\"/>"
        }
        for (index, point) in points.enumerated() {
            let (x, y) = coordinates[index]
            svg +=
                "<circle class=\"dot\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3.5\">"
                + "<title>\(escape(point.label)): \(number(point.value))</title></circle>"
            if index % labelEvery == 0 || index == points.count - 1 {
                let anchor = index == 0 && points.count > 1 ? "start" : index == points.count - 1 ? "end" : "middle"
                svg +=
                    "<text class=\"xl\" x=\"\(f(x))\" y=\"\(f(Self.top + plotHeight + 16))\" "
                    + "text-anchor=\"\(points.count == 1 ? "middle" : anchor)\">\(escape(point.label))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Round tick values from 0 covering `maximum`: steps of 1, 2 or 5 times a power of ten, four or five of
    /// them; `[0, 1]` for nothing to show.
    public static func niceTicks(maximum: Double) -> [Double] {
        guard maximum > 0, maximum.isFinite else { return [0, 1] }
        let rough = maximum / 4
        let power = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        let wholeStep = maximum >= 4 ? max(1, step.rounded(.up)) : step
        let count = Int((maximum / wholeStep).rounded(.up))
        return (0...max(1, count)).map { Double($0) * wholeStep }
    }

    private static func open(title: String, height: Double) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\" role=\"img\" "
            + "aria-label=\"\(escape(title))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
    }

    private static func axes(ticks: [Double], top: Double, plotHeight: Double) -> String {
        var svg = ""
        for tick in ticks {
            let y = Self.top + plotHeight - plotHeight * tick / top
            svg += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\"/>"
            svg +=
                "<text class=\"yl\" x=\"\(f(left - 5))\" y=\"\(f(y + 4))\" text-anchor=\"end\">"
                + "\(number(tick))</text>"
        }
        svg +=
            "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(Self.top))\" x2=\"\(f(left))\" "
            + "y2=\"\(f(Self.top + plotHeight))\"/>"
        svg +=
            "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(Self.top + plotHeight))\" x2=\"\(f(width - right))\" "
            + "y2=\"\(f(Self.top + plotHeight))\"/>"
        return svg
    }

    /// A coordinate with at most one decimal.
    private static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A value as text: whole numbers without decimals, others with one.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.1f", value)
    }

    private static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped for HTML and SVG.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        HTMLEscape.append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
