import Foundation
import Prefork
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(3))) struct ProcessTitleTests {
    @Test func childShowsItsTitleInCmdlineAndComm() throws {
        let title = ProcessTitle.worker(procName: "tagifai", slot: 2, generation: 1)
        #expect(title == "tagifai: worker 2 (gen 1)")
        let probe = try PreforkProbe.run(["title", title], environment: ["PROBE_CHECK": "kept"])
        #expect(probe.status == 0)
        let cmdline = try #require(probe.values["cmdline"])
        #expect(cmdline.split(separator: "|", maxSplits: 1).first == Substring(title))
        #expect(cmdline.dropFirst(title.count).allSatisfy { $0 == "|" })
        #expect(probe.values["comm"] == "tagifai: worker")
    }

    @Test func longTitleUsesTheEnvironmentSpaceAndKeepsTheEnvironment() throws {
        let padding = String(repeating: "x", count: 200)
        let title = ProcessTitle.supervisor(procName: "tagifai", configPath: "etc/tagifai.yaml") + " " + String(repeating: "y", count: 100)
        #expect(title.hasPrefix("tagifai: master [etc/tagifai.yaml] "))
        let probe = try PreforkProbe.run(["title", title], environment: ["PROBE_CHECK": "kept", "PAD": padding])
        #expect(probe.status == 0)
        #expect(probe.values["cmdline"]?.hasPrefix(title + "|") == true)
        #expect(probe.values["environment"] == "kept")
        #expect(probe.values["arguments"]?.hasSuffix("title " + title) == true)
    }

    @Test func titleBeyondTheCapacityIsCut() throws {
        let probe = try PreforkProbe.run(["title", "z", "100000"])
        let capacity = try #require(probe.values["capacity"].flatMap { Int($0) })
        #expect(capacity > 0 && capacity < 100_000)
        #expect(probe.values["cmdline"]?.hasPrefix(String(repeating: "z", count: capacity) + "|") == true)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/ps"), "needs procps"))
    func psShowsTheTitleOfARunningChild() throws {
        let title = ProcessTitle.worker(procName: "tagifai", slot: 3, generation: 7)
        let probe = Process()
        probe.executableURL = try PreforkProbe.url
        probe.arguments = ["title", title, "--wait"]
        let input = Pipe(), output = Pipe()
        probe.standardInput = input
        probe.standardOutput = output
        try probe.run()
        defer {
            try? input.fileHandleForWriting.close()
            if probe.isRunning { probe.terminate() }
            probe.waitUntilExit()
        }
        let printed = output.fileHandleForReading.read(until: "waiting=\(probe.processIdentifier)", within: 10)
        #expect(printed.contains("waiting=\(probe.processIdentifier)"), "the probe printed: \(printed)")
        let shown = try runToolChecked("/bin/ps", ["-o", "comm=,args=", "-p", String(probe.processIdentifier)], timeout: .seconds(10)).output
        #expect(shown.trimmingCharacters(in: .whitespacesAndNewlines) == "tagifai: worker \(title)")
    }
}
