import Testing

@Suite struct ProcessTitleTests {
    @Test func childShowsItsTitleInCmdlineAndComm() throws {
        let title = "tagifai: worker 2 (gen 1)"
        let probe = try PreforkProbe.run(["title", title], environment: ["PROBE_CHECK": "kept"])
        #expect(probe.status == 0)
        let cmdline = try #require(probe.values["cmdline"])
        #expect(cmdline.split(separator: "|", maxSplits: 1).first == Substring(title))
        #expect(cmdline.dropFirst(title.count).allSatisfy { $0 == "|" })
        #expect(probe.values["comm"] == "tagifai: worker")
    }

    @Test func longTitleUsesTheEnvironmentSpaceAndKeepsTheEnvironment() throws {
        let padding = String(repeating: "x", count: 200)
        let title = "tagifai: master [etc/tagifai.yaml] " + String(repeating: "y", count: 100)
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
}
