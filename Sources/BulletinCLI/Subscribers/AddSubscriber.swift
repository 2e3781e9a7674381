import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore

/// `bulletin subscribers add`.
struct AddSubscriber: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add one subscriber.",
        discussion: """
            The new subscriber is active unless --pending is given. An address that is already on the list is \
            an error (exit 65); so is one that was erased with `remove`, unless --force is given.

            Examples:
              bulletin subscribers add aigerim@example.kz --name "Aigerim Sadykova" --topics politics,economy
              bulletin subscribers add ivan@example.ru --attribute city=Bishkek --attribute plan=free
            """
    )

    @Argument(help: "The address.")
    var email: String

    @Option(help: "The subscriber's name.")
    var name: String = ""

    @Option(help: ArgumentHelp("Topics, separated by commas.", valueName: "a,b"))
    var topics: String = ""

    @Option(
        name: .customLong("attribute"), help: ArgumentHelp("An attribute; repeat for more.", valueName: "key=value"))
    var attributes: [String] = []

    @Flag(help: "Add as pending (awaiting confirmation) instead of active.")
    var pending = false

    @Flag(help: "Add even an address that was removed before.")
    var force = false

    @OptionGroup var global: GlobalOptions

    func parsedAttributes() throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in attributes {
            guard let equals = pair.firstIndex(of: "=") else {
                throw ValidationError("--attribute '\(pair)' needs the form key=value.")
            }
            let key = pair[..<equals].trimmingCharacters(in: .whitespaces)
            if let problem = SubscriberFields.problem(withAttributeKey: key) {
                throw ValidationError("--attribute '\(pair)': \(problem).")
            }
            result[key] = String(pair[pair.index(after: equals)...])
        }
        return result
    }

    func validate() throws {
        _ = try parsedAttributes()
    }

    func run() async throws {
        let logger = global.makeLogger()
        let address = try parseAddress(email)
        let environment = try global.environment(logger: logger)
        let changes = try SubscriberChanges(environment: environment)
        let chosen = SubscriberFields.parseTopics(topics)
        let subscriber = try changes.add(
            address, name: name, topics: chosen, attributes: try parsedAttributes(),
            status: pending ? .pending : .active, force: force)
        for topic in Topic.unknown(chosen, among: environment.configuration.topics) {
            logger.warning("topic '\(topic)' is not in [topics]; kept (readers with it get no section for it)")
        }
        logger.debug("added subscriber id \(subscriber.id)")
        Terminal.standardOutput.line("Added \(subscriber.email) (\(subscriber.status.rawValue)).")
    }
}
