import Foundation

/// Page-view totals over a period.
public struct PageViewTotals: Sendable, Equatable {
    /// Views.
    public var views: Int
    /// Daily distinct visitors, summed.
    public var visitors: Int
    /// Distinct paths.
    public var pages: Int
    /// Days with views.
    public var days: Int
    /// The first day with views.
    public var firstDay: String?
    /// The last day with views.
    public var lastDay: String?
    /// The most visited pages, at most 10.
    public var top: [Page]

    /// One page's totals.
    public struct Page: Sendable, Equatable {
        /// The path.
        public var path: String
        /// Views.
        public var views: Int
        /// Daily distinct visitors, summed.
        public var visitors: Int
        /// The article's title when the path is a known article.
        public var title: String?
    }
}

/// An imported log or export.
public struct ViewSource: Sendable, Equatable {
    /// The file name, or "standard input".
    public var name: String
    /// `combined` or `csv`.
    public var format: String
    /// Lines (or rows) read.
    public var lines: Int
    /// Bytes read.
    public var bytes: Int
    /// When it was last imported.
    public var imported: Date
}
