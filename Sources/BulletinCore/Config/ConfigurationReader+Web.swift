import Foundation

extension ConfigurationReader {
    /// The keys of `[web]`.
    static let webKeys: Set<String> = [
        "host", "port", "trusted_proxies", "subscribe_limit", "topics", "templates", "confirm_days",
        "confirmation_interval", "reports_token",
    ]

    /// Reads `[web]`.
    func web() throws -> Configuration.Web {
        var web = Configuration.Web()
        if let host = try optionalString("web", "host") { web.host = host }
        web.port = try integer("web", "port", default: Configuration.Web.defaultPort, range: 0...65_535)
        web.trustedProxies = try stringList("web", "trusted_proxies")
        web.subscribeLimit = try integer(
            "web", "subscribe_limit", default: Configuration.Web.defaultSubscribeLimit, range: 0...100_000)
        web.topics = try stringList("web", "topics").map(SubscriberFields.cleanName).filter { !$0.isEmpty }
        web.confirmDays = try integer(
            "web", "confirm_days", default: Configuration.Web.defaultConfirmDays, range: 1...90)
        web.confirmationIntervalHours = try integer(
            "web", "confirmation_interval", default: Configuration.Web.defaultConfirmationIntervalHours,
            range: 1...720)
        if let token = try optionalString("web", "reports_token") {
            guard token.count >= Configuration.Web.minimumReportsTokenLength,
                token.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline })
            else {
                throw ConfigurationError(
                    file: file, key: "web.reports_token",
                    problem: "must be at least \(Configuration.Web.minimumReportsTokenLength) characters without "
                        + "spaces, like the output of `openssl rand -hex 32`.")
            }
            web.reportsToken = token
        }
        web.templates = try templatesFolder(
            "web", default: nil, howToCreate: "copy Templates/web from the Bulletin repository",
            stock: "the stock pages")
        return web
    }

    /// An array of strings, like `["news", "culture"]`; empty when the key is absent.
    func stringList(_ section: String, _ key: String) throws -> [String] {
        guard let raw = value(section, key) else { return [] }
        guard let array = raw.array else {
            throw ConfigurationError(
                file: file, key: "\(section).\(key)", problem: "must be a list of strings, like [\"a\", \"b\"].")
        }
        return try array.map { element in
            guard let text = element.string else {
                throw ConfigurationError(
                    file: file, key: "\(section).\(key)",
                    problem: "must be a list of strings in double quotes, like [\"a\", \"b\"].")
            }
            return text.trimmingCharacters(in: .whitespaces)
        }
    }
}
