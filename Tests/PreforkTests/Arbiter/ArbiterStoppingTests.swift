import Testing
@testable import Prefork

/// The scoreboard's stopping flag, which fails every worker's readiness check, is published
/// when the supervisor begins to stop and never when it only drains some workers.
@Suite struct ArbiterStoppingTests {
    @Test func termPublishesStoppingBeforeAnyWorkerIsToldToDrain() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let term = harness.signal(.term)
        let marked = term.firstIndex(of: .markStopping)
        let firstSignal = term.firstIndex { if case .signal = $0 { true } else { false } }
        #expect(marked != nil && firstSignal != nil)
        if let marked, let firstSignal { #expect(marked < firstSignal) }
    }

    @Test func aFastStopPublishesStoppingAndAnEscalationDoesNotRepeatIt() {
        for signal in [ProcessSignal.int, .quit] {
            var harness = ArbiterHarness(workers: 1)
            harness.startReady()
            #expect(harness.signal(signal).contains(.markStopping))
        }
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        harness.signal(.term)
        #expect(!harness.signal(.int).contains(.markStopping))
    }

    @Test func aReloadScalingRecyclingAndUpgradeDrainWorkersWithoutPublishingStopping() {
        var harness = ArbiterHarness(workers: 2) { $0.maxRequests = 10 }
        harness.startReady()
        let first = harness.arbiter.livePids
        harness.signal(.hup)
        harness.send(.reloadLoaded(harness.arbiter.settings))
        for pid in harness.arbiter.livePids where !first.contains(pid) { harness.ready(pid) }
        for pid in first { harness.exit(pid, .exited(0)) }
        harness.signal(.ttou)
        let recycled = harness.arbiter.livePids[0]
        harness.tick(after: 1, requests: [recycled: 10])
        for pid in harness.arbiter.livePids where pid != recycled { harness.ready(pid) }
        harness.signal(.usr2)
        #expect(ArbiterHarness.signals(in: harness.history).filter { $0.signal == .term }.count >= 4)
        #expect(!harness.history.contains(.markStopping))
        #expect(harness.signal(.term).contains(.markStopping))
    }
}
