import Testing
@testable import Prefork

/// Results of actions reach the arbiter as events, after the action list that caused them.
@Suite struct ArbiterEventTests {
    @Test func aSpawnResultArrivingAsAnEventMakesTheWorkerLive() {
        var harness = ArbiterHarness(workers: 1)
        let spec = ArbiterHarness.spawns(in: harness.arbiter.handle(.start, now: harness.now).actions)[0]
        #expect(harness.arbiter.livePids.isEmpty, "no pid before the spawn's result arrives")
        let started = harness.arbiter.handle(.spawned(slot: spec.slot, pid: 41), now: harness.now).actions
        #expect(ArbiterHarness.signals(in: started).isEmpty)
        #expect(harness.arbiter.livePids == [41] && harness.arbiter.spec(of: 41) == spec)
        #expect(harness.arbiter.handle(.workerReady(pid: 41), now: harness.now).actions.contains(.notify(.ready)))
    }

    @Test func aSpawnFailureArrivingAsAnEventDuringBootStopsTheSupervisor() {
        var harness = ArbiterHarness(workers: 1)
        let spec = ArbiterHarness.spawns(in: harness.arbiter.handle(.start, now: harness.now).actions)[0]
        let failed = harness.arbiter.handle(.spawnFailed(slot: spec.slot, message: "no binary"), now: harness.now).actions
        #expect(failed.first == .releaseSlot(spec.slot))
        #expect(failed.last == .exit(Arbiter.bootFailureExitStatus))
    }

    @Test func theReloadActionNamesTheGenerationALoadedConfigStarts() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        #expect(harness.signal(.hup).contains(.reload(generation: 1)))
        let loaded = harness.send(.reloadLoaded(harness.arbiter.settings)).actions
        #expect(ArbiterHarness.spawns(in: loaded).map(\.generation) == [1])
        #expect(harness.arbiter.generation == 1)
    }

    @Test func aConfigThatFailsToLoadLeavesTheGenerationNumberFreeForTheNextReload() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        harness.signal(.hup)
        let failed = harness.arbiter.handle(.reloadFailed(message: "bad yaml"), now: harness.now).actions
        #expect(failed.contains(.releasePayload(generation: 1)))
        #expect(harness.signal(.hup).contains(.reload(generation: 1)))
    }

    @Test func aReloadBeyondTheWorkerCeilingIsRefusedAloudAndItsPayloadReleased() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        harness.signal(.hup)
        var settings = harness.arbiter.settings
        settings.workers = settings.maxWorkers + 1
        let refused = harness.arbiter.handle(.reloadLoaded(settings), now: harness.now).actions
        #expect(ArbiterHarness.logs(in: refused).contains { $0.contains("exceeds") && $0.contains("restart it instead") })
        #expect(refused.contains(.notify(.ready)), "systemd hears the reload is over")
        #expect(refused.contains(.releasePayload(generation: 1)))
        #expect(ArbiterHarness.spawns(in: refused).isEmpty && harness.arbiter.generation == 0 && !harness.arbiter.isReloading)
    }

    @Test func theOldGenerationsPayloadIsReleasedWhenItsLastWorkerExits() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let old = harness.arbiter.livePids
        let fresh = harness.reloadSameSettings()
        for spec in fresh { harness.ready(harness.pids[spec]!) }
        #expect(!harness.exit(old[0], .exited(0)).contains(.releasePayload(generation: 0)))
        #expect(harness.exit(old[1], .exited(0)).contains(.releasePayload(generation: 0)))
        #expect(!harness.history.contains(.releasePayload(generation: 1)))
    }

    @Test func aNewGenerationThatCouldNotBootHasItsPayloadReleasedOnceItsWorkersAreGone() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        let fresh = harness.reloadSameSettings()
        let failing = harness.pids[fresh[0]]!
        harness.bootFailed(failing, "bad model")
        #expect(harness.exit(failing, .exited(3)).contains(.releasePayload(generation: 1)))
        #expect(!harness.history.contains(.releasePayload(generation: 0)))
    }
}
