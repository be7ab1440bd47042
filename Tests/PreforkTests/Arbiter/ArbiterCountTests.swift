import Testing
@testable import Prefork

/// The worker count an operator sets with TTIN, TTOU or `ctl workers`, and what a reload does to it.
@Suite struct ArbiterCountTests {
    /// The soak's case: TTIN just before HUP; the config's count wins, and the log says so.
    @Test func aReloadThatReplacesATtinCountSaysSo() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        harness.signal(.ttin)
        harness.signal(.hup)
        let loaded = harness.loadConfig(workers: 2)
        #expect(ArbiterHarness.logs(in: loaded).first
            == "starting generation 1 with 2 worker(s) from the config, replacing the 3 set by TTIN")
        #expect(harness.arbiter.settings.workers == 2)
    }

    @Test func aTtouBetweenTheHupAndTheLoadedConfigIsNamedToo() {
        var harness = ArbiterHarness(workers: 3)
        harness.startReady()
        harness.signal(.hup)
        harness.signal(.ttou)
        let loaded = harness.loadConfig(workers: 3)
        #expect(ArbiterHarness.logs(in: loaded).first
            == "starting generation 1 with 3 worker(s) from the config, replacing the 2 set by TTOU")
    }

    @Test func aReloadThatKeepsTheCountOrFollowsNoOperatorSaysNothingMore() throws {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        try harness.control(.setWorkers(3))
        harness.signal(.hup)
        let same = harness.loadConfig(workers: 3)
        #expect(ArbiterHarness.logs(in: same).first == "starting generation 1 with 3 worker(s)")
        for spec in ArbiterHarness.spawns(in: same) { harness.ready(harness.pids[spec]!) }
        harness.signal(.hup)
        let next = harness.loadConfig(workers: 2)
        #expect(ArbiterHarness.logs(in: next).first == "starting generation 2 with 2 worker(s)", "generation 1 took the config's 3")
    }

    @Test func aCountSetWhileTheNewGenerationBootsOutlivesItsFailure() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let fresh = harness.reloadSameSettings()
        harness.signal(.ttin)
        let failed = harness.bootFailed(harness.pids[fresh[0]]!, "bad model")
        #expect(ArbiterHarness.logs(in: failed).first
            == "reload failed, generation 1 could not boot; generation 0 keeps serving with 3 worker(s) (set by TTIN): bad model")
        #expect(harness.arbiter.settings.workers == 3)
        #expect(ArbiterHarness.spawns(in: failed).map { "\($0.generation)/\($0.position)" } == ["0/2"])
    }

    @Test func aFailedNewGenerationBringsBackTheOldCountAndItsSource() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        harness.signal(.ttin)
        harness.signal(.hup)
        let fresh = ArbiterHarness.spawns(in: harness.loadConfig(workers: 2))
        let failed = harness.bootFailed(harness.pids[fresh[0]]!, "bad model")
        #expect(ArbiterHarness.logs(in: failed).first?.contains("keeps serving with 3 worker(s) (set by TTIN)") == true)
        #expect(harness.arbiter.settings.workers == 3)
    }
}
