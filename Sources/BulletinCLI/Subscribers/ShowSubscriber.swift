import ArgumentParser
import BulletinApp
import BulletinCore
import BulletinStore
import Foundation

/// `bulletin subscribers show`.
struct ShowSubscriber: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one subscriber and their history.",
        discussion: "An unknown address is an error (exit 65)."
    )

    @Argument(help: "The address (any case).")
    var email: String

    @Flag(help: "Machine-readable JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        _ = global.makeLogger()
        let address = try parseAddress(email)
        let (subscriber, history) = try SubscriberDirectory(environment: try global.environment()).profile(
            of: address)
        let out = Terminal.standardOutput
        if json {
            out.line(try JSONOutput.string(SubscriberJSON(subscriber, history: history)))
            return
        }
        func time(_ date: Date?) -> String {
            guard let date else { return "—" }
            return Timestamp.format(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(
                of: "Z", with: " UTC")
        }
        var rows: [(String, String)] = [
            ("Email", subscriber.email),
            ("Name", subscriber.name.isEmpty ? "—" : subscriber.name),
            ("Status", subscriber.status.rawValue),
            ("Topics", subscriber.topics.isEmpty ? "—" : subscriber.topics.joined(separator: ", ")),
        ]
        let attributes = subscriber.attributes.sorted { $0.key < $1.key }
        if attributes.isEmpty {
            rows.append(("Attributes", "—"))
        } else {
            for (index, pair) in attributes.enumerated() {
                rows.append((index == 0 ? "Attributes" : "", "\(pair.key) = \(pair.value)"))
            }
        }
        rows += [
            (
                "Created",
                "\(time(subscriber.createdAt)) (\(subscriber.source.isEmpty ? "unknown source" : subscriber.source))"
            ),
            ("Confirmed", time(subscriber.confirmedAt)),
            ("Unsubscribed", time(subscriber.unsubscribedAt)),
            ("Updated", time(subscriber.updatedAt)),
        ]
        for (label, value) in rows {
            out.line(label.padding(toLength: 14, withPad: " ", startingAt: 0) + value)
        }
        out.line()
        out.line("History")
        var table = TextTable(["WHEN", "CHANGE", "SOURCE", "REASON"])
        for event in history {
            table.append([
                time(event.at), "\(event.fromStatus?.rawValue ?? "new") → \(event.toStatus.rawValue)", event.source,
                event.reason,
            ])
        }
        for line in table.render() { out.line("  " + line) }
    }
}
