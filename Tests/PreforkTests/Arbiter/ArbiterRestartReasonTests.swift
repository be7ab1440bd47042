import Testing
@testable import Prefork

@Suite struct ArbiterRestartReasonTests {
    static func restarts(in actions: [ArbiterAction]) -> [WorkerRestartReason] {
        actions.compactMap { if case .countRestart(let reason) = $0 { reason } else { nil } }
    }

    @Test func aCrashIsCountedWhenTheWorkerIsReaped() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        #expect(Self.restarts(in: harness.exit(harness.arbiter.livePids[0], .exited(1))) == [.crash])
    }

    @Test func aSilentWorkerIsCountedAsATimeout() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        let silent = harness.arbiter.livePids[0]
        harness.tick(after: 31, silent: [silent])
        #expect(Self.restarts(in: harness.exit(silent, .signaled(ProcessSignal.abrt.number))) == [.timeout])
    }

    @Test func aWorkerPastMaxRequestsIsCountedAsMaxRequests() {
        var harness = ArbiterHarness(workers: 1) { $0.maxRequests = 10 }
        harness.startReady()
        let old = harness.arbiter.livePids[0]
        harness.tick(after: 1, requests: [old: 10])
        let replacement = harness.arbiter.livePids.first { $0 != old }!
        harness.ready(replacement)
        #expect(Self.restarts(in: harness.exit(old, .exited(0))) == [.maxRequests])
    }

    @Test func workersPastTheirMemoryOrAgeAreCountedByWhich() {
        var harness = ArbiterHarness(workers: 1) { $0.maxWorkerRSS = 1_048_576; $0.maxWorkerLifetime = 60 }
        harness.startReady()
        let heavy = harness.arbiter.livePids[0]
        harness.tick(after: 1, resident: [heavy: 2 * 1_048_576])
        let young = harness.arbiter.livePids.first { $0 != heavy }!
        harness.ready(young)
        #expect(Self.restarts(in: harness.exit(heavy, .exited(0))) == [.maxWorkerRSS])
        harness.tick(after: 60)
        let next = harness.arbiter.livePids.first { $0 != young }!
        harness.ready(next)
        #expect(Self.restarts(in: harness.exit(young, .exited(0))) == [.maxWorkerLifetime])
    }

    @Test func aReloadCountsTheOldGenerationButAStopCountsNothing() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        let old = harness.arbiter.livePids[0]
        harness.signal(.hup)
        harness.send(.reloadLoaded(harness.arbiter.settings))
        harness.ready(harness.arbiter.livePids.first { $0 != old }!)
        #expect(Self.restarts(in: harness.exit(old, .exited(0))) == [.reload])
        harness.signal(.term)
        #expect(Self.restarts(in: harness.exit(harness.arbiter.livePids[0], .exited(0))).isEmpty)
    }

    @Test func scalingDownCountsNothing() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let before = Set(harness.arbiter.livePids)
        harness.signal(.ttou)
        let drained = ArbiterHarness.signals(in: harness.history).filter { $0.signal == .term }.map(\.pid)
        #expect(drained.count == 1 && before.contains(drained[0]))
        #expect(Self.restarts(in: harness.exit(drained[0], .exited(0))).isEmpty)
    }
}
