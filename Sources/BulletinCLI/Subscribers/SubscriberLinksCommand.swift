import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore

/// `bulletin links`: signed links for subscribers, as the messages carry them.
struct SubscriberLinksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Print a subscriber's signed unsubscribe, preferences or confirm link.",
        discussion: """
            Prints the link a message would carry for each subscriber named, under [links] base_url: to answer \
            a reader who lost theirs, to test `bulletin serve` by hand, or to feed a load test. With --all, \
            every active subscriber's link is printed, one per line; --token-only prints just the token.

            EXAMPLES
              bulletin links unsubscribe ada@example.org
              bulletin links preferences ada@example.org --issue 2026-W47
              bulletin links unsubscribe --all --token-only > tokens.txt
            """
    )

    @Argument(help: ArgumentHelp("unsubscribe, preferences or confirm.", valueName: "purpose"))
    var purpose: String

    @Argument(help: "Subscriber addresses (any case).")
    var emails: [String] = []

    @Flag(help: "Every active subscriber.")
    var all = false

    @Flag(help: "Print only the token, not the whole link.")
    var tokenOnly = false

    @Option(help: ArgumentHelp("The issue label signed into the link (default: none).", valueName: "label"))
    var issue: String = ""

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard LinkPurpose(rawValue: purpose) != nil else {
            throw ValidationError("The purpose must be unsubscribe, preferences or confirm, not '\(purpose)'.")
        }
        if emails.isEmpty == !all { throw ValidationError("Give subscriber addresses, or --all, but not both.") }
    }

    func run() async throws {
        _ = global.makeLogger()
        let environment = try global.environment()
        let configuration = environment.configuration
        let links = try environment.linkSigner()
        let store = try SubscriberDirectory(environment: environment)
        let kind = LinkPurpose(rawValue: purpose) ?? .unsubscribe
        let base = MessageSettings(configuration: configuration).linkBaseURL
        let out = Terminal.standardOutput
        let print = { (subscriber: Subscriber) in
            out.line(
                tokenOnly
                    ? links.token(kind, for: subscriber, issue: issue)
                    : links.link(
                        baseURL: base, kind, subscriberID: subscriber.id, key: subscriber.linkKey, issue: issue))
        }
        if all {
            try store.forEach(SubscriberFilter(status: .active)) { print($0) }
        } else {
            for email in emails {
                let address = try parseAddress(email)
                print(try store.subscriber(address))
            }
        }
        out.flush()
    }
}
