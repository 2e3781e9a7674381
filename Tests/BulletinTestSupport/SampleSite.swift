/// A small site's feed and access log that the article and views tests import, in-process and through the binary.
public enum SampleSite {
    /// An RSS feed of two stories.
    public static let feed = """
        <rss version="2.0"><channel><title>Site</title><link>https://example.org/</link>
        <item><title>Story one</title><link>/news/one/</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
        <item><title>Story two</title><link>/news/two</link><pubDate>Wed, 25 Nov 2026 08:00:00 GMT</pubDate></item>
        </channel></rss>
        """

    /// A combined-format log: a tracked link, a trailing slash, a 304, a robot and a line that is not a request.
    public static let log = """
        203.0.113.5 - - [24/Nov/2026:10:00:00 +0000] "GET /news/two?utm_source=x HTTP/1.1" 200 1 "-" "Firefox/120"
        203.0.113.6 - - [24/Nov/2026:10:00:00 +0000] "GET /news/two/ HTTP/1.1" 200 1 "-" "Firefox/120"
        203.0.113.6 - - [24/Nov/2026:10:01:00 +0000] "GET /news/two HTTP/1.1" 304 - "-" "Firefox/120"
        203.0.113.7 - - [24/Nov/2026:10:02:00 +0000] "GET /news/one HTTP/1.1" 200 1 "-" "Firefox/120"
        203.0.113.7 - - [24/Nov/2026:10:02:00 +0000] "GET /news/one HTTP/1.1" 200 1 "-" "Googlebot/2.1"
        ???

        """
}
