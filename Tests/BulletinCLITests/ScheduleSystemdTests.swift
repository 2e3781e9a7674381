import Foundation
import Testing

/// `bulletin schedule --systemd`: the units filled in for a configuration, printed or written, and accepted by
/// `systemd-analyze verify`.
@Suite struct ScheduleSystemdTests {
    @Test func theUnitsAreFilledInForThisConfigurationAndVerify() throws {
        let site = try Site()
        let folder = site.folder.standardizedFileURL.path
        let printed = try site.run("schedule", "--systemd", "--user", "news")
        #expect(printed.status == 0, "\(printed.stderr)")
        let binary = CLIRunner.executable.resolvingSymlinksInPath().path
        for line in [
            "# ---- /etc/systemd/system/bulletin-serve.service", "# ---- /etc/systemd/system/bulletin-send.timer",
            "ExecStart=\(binary) serve --config \(folder)/bulletin.toml",
            "ExecStart=\(binary) send --if-due --quiet --config \(folder)/bulletin.toml",
            "ReadWritePaths=\(folder)", "User=news", "WorkingDirectory=\(folder)", "OnCalendar=*:0/15",
        ] {
            #expect(printed.stdout.contains(line + "\n"), "\(line)")
        }

        let units = site.folder.appendingPathComponent("units")
        try FileManager.default.createDirectory(at: units, withIntermediateDirectories: true)
        let written = try site.run("schedule", "--systemd", "--output", units.path)
        #expect(written.status == 0, "\(written.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: units.path).sorted()
        #expect(names == ["bulletin-send.service", "bulletin-send.timer", "bulletin-serve.service"])
        #expect(try site.run("schedule", "--systemd", "--output", units.path).status == 73)
        #expect(try site.run("schedule", "--output", units.path).status == 64)

        let analyze = "/usr/bin/systemd-analyze"
        guard FileManager.default.isExecutableFile(atPath: analyze) else {
            print("schedule --systemd test: no systemd-analyze here; the units were not verified by systemd")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: analyze)
        process.arguments = ["verify", "--man=no"] + names.map { units.appendingPathComponent($0).path }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.isEmpty, "systemd-analyze verify: \(text)")
    }
}
