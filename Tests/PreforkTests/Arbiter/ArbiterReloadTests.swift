import Testing
@testable import Prefork

@Suite struct ArbiterReloadTests {
    @Test func hupStartsANewGenerationAndDrainsTheOldOnlyWhenAllAreReady() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let old = harness.arbiter.livePids
        let hup = harness.signal(.hup)
        #expect(hup.contains(.notify(.reloading)) && hup.contains(.reload(generation: 1)))
        var settings = harness.arbiter.settings
        settings.workers = 3
        let loaded = harness.send(.reloadLoaded(settings)).actions
        let fresh = ArbiterHarness.spawns(in: loaded)
        #expect(fresh.map(\.generation) == [1, 1, 1])
        #expect(Set(fresh.map(\.slot)).isDisjoint(with: old.map { harness.arbiter.spec(of: $0)!.slot }))
        for spec in fresh.dropLast() {
            #expect(ArbiterHarness.signals(in: harness.ready(harness.pids[spec]!)).isEmpty)
        }
        let last = harness.ready(harness.pids[fresh.last!]!)
        #expect(last.contains(.notify(.ready)))
        #expect(Set(ArbiterHarness.signals(in: last).map(\.pid)) == Set(old))
        #expect(ArbiterHarness.signals(in: last).allSatisfy { $0.signal == .term })
        for pid in old {
            #expect(ArbiterHarness.spawns(in: harness.exit(pid, .exited(0))).isEmpty)
        }
        #expect(harness.arbiter.livePids.count == 3)
    }

    @Test func aNewGenerationThatCannotBootIsKilledAndTheOldKeepsServing() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let old = harness.arbiter.livePids
        harness.signal(.hup)
        let fresh = ArbiterHarness.spawns(in: harness.send(.reloadLoaded(harness.arbiter.settings)).actions)
        let failing = harness.pids[fresh[0]]!
        let other = harness.pids[fresh[1]]!
        let failed = harness.bootFailed(failing, "bad model")
        #expect(ArbiterHarness.logs(in: failed).filter { $0.contains("bad model") }.count == 1)
        #expect(ArbiterHarness.logs(in: failed).contains { $0.contains("reload failed") && $0.contains("bad model") })
        #expect(ArbiterHarness.signals(in: failed).map { "\($0.pid) \($0.signal)" } == ["\(other) kill"])
        #expect(failed.contains(.notify(.ready)))
        #expect(harness.arbiter.generation == 0)
        #expect(ArbiterHarness.spawns(in: harness.exit(failing, .exited(3))).isEmpty)
        #expect(ArbiterHarness.spawns(in: harness.exit(other, .signaled(9))).isEmpty)
        #expect(harness.arbiter.livePids == old)
        #expect(harness.arbiter.phase == .running, "a failed reload never stops the server")
    }

    @Test func aConfigThatFailsToLoadLeavesEverythingAsItWas() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        harness.signal(.hup)
        let failed = harness.send(.reloadFailed(message: "unknown key \"worker\"")).actions
        #expect(ArbiterHarness.logs(in: failed).contains { $0.contains("unknown key") })
        #expect(ArbiterHarness.spawns(in: failed).isEmpty && ArbiterHarness.signals(in: failed).isEmpty)
        #expect(!harness.arbiter.isReloading)
    }

    @Test func aSecondHupDuringAReloadIsIgnored() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        harness.signal(.hup)
        #expect(!harness.signal(.hup).contains { if case .reload = $0 { true } else { false } })
    }
}
