import ArgumentParser
import BulletinCore

/// `bulletin views`: page views, from access logs or analytics exports.
struct ViewsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "views",
        abstract: "Import page views from access logs or analytics exports, and summarize them.",
        discussion: """
            Views are stored per page path and per day in [digest] timezone, with the number of unique \
            visitors that day. Views of paths that are not (yet) known articles are kept, so an article \
            imported later still gets its views.

            Examples:
              bulletin views import /var/log/nginx/access.log
              for f in /var/log/nginx/access.log.*.gz; do zcat "$f" | bulletin views import -; done
              bulletin views import analytics.csv --format csv --site https://example.org
              bulletin views stats --week 2026-W47
            """,
        subcommands: [ImportViews.self, ViewStats.self]
    )
}

/// The formats `views import` reads.
enum ViewsFormat: String, ExpressibleByArgument, CaseIterable {
    /// Apache/nginx combined or common log format.
    case combined
    /// An analytics export.
    case csv
}
