import Foundation
import Testing

/// The commands' sentences and exit codes for an erased address; what the use cases do with it is in-process, in
/// RemovedAddressAndTokenTests and SubscriberChangesTests.
@Suite("bulletin subscribers: a removed address")
struct RemovedAddressTests {
    let site: Site
    let runner: CLIRunner

    /// A site where dave@example.org was added and then removed on 2026-11-20.
    init() throws {
        site = try Site()
        var runner = site.runner
        runner.environment["BULLETIN_NOW"] = "2026-11-20T10:00:00Z"
        self.runner = runner
        #expect(try runner.run(["subscribers", "add", "dave@example.org"]).status == 0)
        #expect(try runner.run(["subscribers", "remove", "dave@example.org", "--yes"]).status == 0)
    }

    @Test func showSaysTheAddressWasRemovedAndHowItComesBack() throws {
        let result = try runner.run(["subscribers", "show", "dave@example.org"])
        #expect(result.status == 65)
        #expect(
            result.stderr
                == "bulletin: error: dave@example.org was removed on 2026-11-20 (only a hash of the address is "
                + "kept), so there is nothing to show; `bulletin subscribers add dave@example.org --force` or "
                + "`bulletin subscribers import --resubscribe` brings it back, only if they have asked to "
                + "subscribe again.\n")
    }

    @Test(arguments: [
        (["unsubscribe"], "so there is no one to unsubscribe"),
        (
            ["activate", "--force"],
            "so there is no one to activate; `bulletin subscribers add dave@example.org --force`"
        ),
        (["remove", "--yes"], "so there is nothing more to remove."),
    ])
    func statusCommandsSayTheAddressWasRemoved(verb: [String], says: String) throws {
        let result = try runner.run(["subscribers", verb[0], "dave@example.org"] + verb.dropFirst())
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("bulletin: error: dave@example.org was removed on 2026-11-20 (only a hash"))
        #expect(result.stderr.contains(says))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
