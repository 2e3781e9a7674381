import ArgumentParser

/// The one-line form of a command-line error: `bulletin: error: <what>; see 'bulletin <command> --help'.`,
/// instead of ArgumentParser's block of error, usage and hint.
enum UsageErrorLine {
    /// Options that every command takes and that consume the next argument, so that the command path can be
    /// found past them (`bulletin --config site.toml subscribers add`).
    private static let optionsWithValues: Set<String> = ["--config"]

    /// The line for an error ArgumentParser raised while parsing or validating `arguments` (without the program
    /// name).
    static func line(for error: Error, arguments: [String]) -> String {
        let text = BulletinCommand.message(for: error)
        var first =
            text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
        while first.last == "." { first.removeLast() }
        if first.isEmpty { first = "the command line is not valid" }
        return "bulletin: error: \(first); see '\(helpCommand(for: commandPath(in: arguments)))'."
    }

    /// A one-line error for `bulletin help` naming a command that does not exist; nil when every name is a
    /// command (or the arguments are not a `help` request).
    static func unknownHelpTopic(arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        let names = arguments.dropFirst().filter { !$0.hasPrefix("-") }
        var command: ParsableCommand.Type = BulletinCommand.self
        var path: [String] = []
        for name in names {
            guard let next = subcommand(named: name, of: command) else {
                let parent = path.isEmpty ? "bulletin" : "bulletin " + path.joined(separator: " ")
                return "bulletin: error: there is no command '\(name)' in '\(parent)'; see '\(helpCommand(for: path))'."
            }
            command = next
            path.append(name)
        }
        return nil
    }

    /// The subcommand names at the start of `arguments`, skipping options: `["subscribers", "add"]`.
    static func commandPath(in arguments: [String]) -> [String] {
        var command: ParsableCommand.Type = BulletinCommand.self
        var path: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" { break }
            if argument.hasPrefix("-") {
                if optionsWithValues.contains(argument) { index += 1 }
                continue
            }
            guard let next = subcommand(named: argument, of: command) else { break }
            command = next
            path.append(argument)
        }
        return path
    }

    private static func helpCommand(for path: [String]) -> String {
        (["bulletin"] + path + ["--help"]).joined(separator: " ")
    }

    private static func subcommand(named name: String, of command: ParsableCommand.Type) -> ParsableCommand.Type? {
        command.configuration.subcommands.first { $0._commandName == name || $0.configuration.aliases.contains(name) }
    }
}
