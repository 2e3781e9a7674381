import Foundation
import Testing

@testable import BulletinCore

@Suite("[topics] in bulletin.toml")
struct TopicsConfigurationTests {
    static let head = """
        [newsletter]
        name = "Weekly"
        from = "news@example.org"
        site_url = "https://example.org"

        """

    func parse(_ text: String) throws -> Configuration {
        try ConfigurationLoader.parse(
            Self.head + text, file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml")
    }

    @Test func topicsKeepTheFileOrderAndTheirDefaults() throws {
        let configuration = try parse(
            """
            [topics]
            kazakhstan = { label = "Kazakhstan", categories = ["Kazakhstan"], paths = ["/kazakhstan/"] }
            economy    = { label = "Economy", categories = ["Economy", "Business"] }
            "arts" = { paths = ["/culture/arts/"] }

            [topics.world]
            label = "The World"
            """)
        #expect(configuration.topics.map(\.name) == ["kazakhstan", "economy", "arts", "world"])
        #expect(configuration.topics[2].label == "arts")
        #expect(configuration.topics[3].label == "The World")
        #expect(configuration.offeredTopics == ["kazakhstan", "economy", "arts", "world"])
    }

    @Test func aTopicCoversByCategoryIgnoringCaseOrByPathPrefix() throws {
        let economy = Topic(name: "economy", categories: ["Economy", "Business"], paths: ["/money/"])
        let url = try #require(URL(string: "https://example.org/news/1"))
        let money = try #require(URL(string: "https://example.org/money/rates"))
        #expect(economy.covers(categories: ["BUSINESS"], url: url))
        #expect(economy.covers(categories: [], url: money))
        #expect(!economy.covers(categories: ["Sport"], url: url))
    }

    @Test func withoutTopicsTheWebListIsOffered() throws {
        let configuration = try parse("[web]\ntopics = [\"news\", \"culture\"]\n")
        #expect(configuration.topics.isEmpty)
        #expect(configuration.offeredTopics == ["news", "culture"])
    }

    @Test(arguments: [
        ("[topics]\neconomy = \"Economy\"\n", "topics.economy"),
        ("[topics]\neconomy = { colour = \"red\" }\n", "topics.economy.colour"),
        ("[topics]\neconomy = { paths = [\"economy/\"] }\n", "topics.economy.paths"),
        ("[topics]\neconomy = { categories = \"Economy\" }\n", "topics.economy.categories"),
        ("[topics]\neconomy = {}\n[web]\ntopics = [\"economy\"]\n", "web.topics"),
    ])
    func mistakesNameTheKey(text: String, key: String) throws {
        #expect {
            try parse(text)
        } throws: { error in
            "\(error)".contains(key)
        }
    }
}
