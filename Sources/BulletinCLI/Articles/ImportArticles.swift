import ArgumentParser
import BulletinApp
import BulletinCore

/// `bulletin articles import`.
struct ImportArticles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import articles from RSS, Atom or JSON Feed documents.",
        discussion: """
            Each SOURCE is a file, - for standard input, or an http(s) URL. The format is detected from the \
            content: RSS 0.9x/1.0/2.0 (with content:encoded, dc:creator, media:content, media:thumbnail and \
            enclosures), Atom 1.0, or JSON Feed 1.0/1.1.

            A URL is fetched with at most 5 redirects, a 10 s connect and 30 s total timeout, and gzip or \
            deflate compression. The server's ETag and Last-Modified are remembered per feed and sent back the \
            next time; an answer of 304 Not Modified means there is nothing new.

            An article is added when its canonical URL is new, and updated when a field changed. An item \
            without a link, or with no date that can be read (neither its own nor the feed's), is skipped with \
            a warning; a repeated guid or link keeps the first item.

            Every source is read and checked before anything is written: a malformed feed (reported with its \
            line and column) stops the import with exit status 65 and nothing is written. A source without a \
            usable item, or that cannot be had (an HTTP error or timeout, a missing file), is left out with a \
            warning and the others are imported (exit status 0); when every source fails, nothing is written \
            and the exit status is 65 (no usable item), 66 (no file) or 69 (HTTP error or timeout).

            Examples:
              bulletin articles import https://example.org/feed.xml
              curl -s https://example.org/feed.json | bulletin articles import -
            """
    )

    @Argument(help: ArgumentHelp("Feed files, - for standard input, or http(s) URLs.", valueName: "source"))
    var sources: [String]

    @Flag(help: "Fetch URLs in full, without sending the remembered ETag and Last-Modified.")
    var refresh = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if sources.isEmpty { throw ValidationError("Give at least one feed: a file, - or a URL.") }
        if sources.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read once.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let importer = try ArticleImport(environment: try global.environment(logger: logger))
        let result = try importer.run(sources: sources, refresh: refresh)
        let out = Terminal.standardOutput
        for imported in result.imported {
            let counts = imported.counts
            out.line(
                "\(imported.name) (\(imported.format)): "
                    + "\(counts.added.grouped) added, \(counts.updated.grouped) updated, "
                    + "\(counts.unchanged.grouped) unchanged, \(imported.skipped.grouped) skipped.")
        }
        for source in result.notModified { out.line("\(source): not modified since the last import (HTTP 304).") }
    }
}
