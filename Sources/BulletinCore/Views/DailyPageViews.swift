/// The views of one page on one day, as the store keeps them.
public struct DailyPageViews: Sendable, Equatable {
    /// The normalized path (see ``PagePath``).
    public var path: String
    /// The day in the configured time zone, as days since 1970-01-01.
    public var day: Int64
    /// Page views.
    public var views: Int
    /// Distinct visitors (client address + user agent) that day.
    public var visitors: Int

    /// Creates a row.
    public init(path: String, day: Int64, views: Int, visitors: Int) {
        self.path = path
        self.day = day
        self.views = views
        self.visitors = visitors
    }
}

/// What an import of page views found, line by line.
public struct ViewImportCounts: Sendable, Equatable {
    /// Lines read (or CSV rows).
    public var lines = 0
    /// Page views counted.
    public var views = 0
    /// Of those, the views whose URL carried one of our issues' campaigns (see ``IssueCampaign``).
    public var campaignViews = 0
    /// Page requests by robots, not counted.
    public var robots = 0
    /// Other requests: assets, other methods and statuses; not counted.
    public var other = 0
    /// Lines that could not be parsed.
    public var unparseable = 0
    /// Distinct pages seen.
    public var pages = 0
    /// Distinct days seen.
    public var days = 0

    /// No counts yet.
    public init() {}
}
