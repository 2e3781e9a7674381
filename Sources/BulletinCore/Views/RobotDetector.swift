/// Tells robots from people by their user agent: a case-insensitive search for any of ``patterns``.
///
/// An empty user agent (`-`) is a robot: browsers always send one.
public struct RobotDetector {
    /// The documented list: any user agent containing one of these (in any case) is a robot.
    public static let patterns: [String] = [
        // Search engines and crawlers in general.
        "bot", "crawl", "spider", "slurp", "archiver", "mediapartners", "yandex", "baiduspider", "bingpreview",
        // Feed readers and podcast apps.
        "feed", "rss", "netnewswire", "newsblur", "inoreader", "tiny tiny", "flipboard", "podcast",
        // Command-line tools and HTTP libraries.
        "curl", "wget", "python-requests", "python-urllib", "aiohttp", "httpx", "go-http-client", "okhttp",
        "java/", "libwww-perl", "lwp::", "apache-httpclient", "node-fetch", "axios", "guzzle", "ruby", "scrapy",
        "httpie", "postman",
        // Headless browsers, testing and monitoring.
        "headlesschrome", "phantomjs", "puppeteer", "playwright", "selenium", "lighthouse", "pingdom",
        "uptime", "monitor", "statuscake", "check_http", "nagios",
        // Link-preview fetchers. (Slack's, Discord's, Telegram's and LinkedIn's say "bot"; their in-app
        // browsers, which people read with, do not, so their names alone are not listed.)
        "facebookexternalhit", "facebookcatalog", "whatsapp", "skypeuripreview", "embedly", "quora link preview",
        "vkshare", "iframely", "preview", "mastodon", "pleroma", "misskey", "bluesky", "cardyb",
    ]

    private let needles: [[UInt8]]
    private var cache: [UInt64: Bool] = [:]

    /// A detector for ``patterns``.
    public init() {
        needles = Self.patterns.map { Array($0.utf8) }
    }

    /// Whether the user agent is a robot's, given a hash of its bytes to remember the answer by.
    public mutating func isRobot(_ agent: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Bool {
        if let known = cache[hash] { return known }
        let answer = check(agent)
        if cache.count < 100_000 { cache[hash] = answer }
        return answer
    }

    /// Whether the user agent is a robot's.
    public func isRobot(_ agent: String) -> Bool {
        var bytes = Array(agent.utf8)
        return bytes.withUnsafeMutableBufferPointer { check(UnsafeBufferPointer($0)) }
    }

    private func check(_ agent: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !agent.isEmpty else { return true }
        let lower = agent.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        for needle in needles where needle.count <= lower.count {
            let first = needle[0]
            var index = 0
            let last = lower.count - needle.count
            while index <= last {
                if lower[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where lower[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
                index += 1
            }
        }
        return false
    }
}
