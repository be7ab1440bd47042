import Testing
@testable import Prefork

@Suite struct ArbiterControlTests {
    @Test func setWorkersSpawnsUpAndDrainsDownAtOnce() throws {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let up = try harness.control(.setWorkers(4))
        #expect(ArbiterHarness.spawns(in: up).map(\.position) == [2, 3])
        for spec in ArbiterHarness.spawns(in: up) { harness.ready(harness.pids[spec]!) }
        #expect(harness.arbiter.livePids.count == 4)

        let newest = [harness.pid(slot: 2)!, harness.pid(slot: 3)!]
        let down = try harness.control(.setWorkers(2))
        #expect(ArbiterHarness.signals(in: down).map { "\($0.pid) \($0.signal)" } == newest.map { "\($0) term" })
        #expect(harness.arbiter.settings.workers == 2)
    }

    @Test func setWorkersRefusesCountsOutOfRangeAndWhileStopping() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let most = harness.arbiter.settings.maxWorkers
        #expect(throws: ControlRefusal.self) { try harness.control(.setWorkers(0)) }
        #expect(throws: ControlRefusal.self) { try harness.control(.setWorkers(most + 1)) }
        harness.signal(.term)
        #expect(throws: ControlRefusal("the server is stopping")) { try harness.control(.setWorkers(1)) }
    }

    @Test func recycleStartsTheReplacementBeforeDrainingTheWorker() throws {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let old = harness.pid(slot: 0)!, other = harness.pid(slot: 1)!
        let recycle = try harness.control(.recycle(slotOrPid: Int(old)))
        let replacement = try #require(ArbiterHarness.spawns(in: recycle).first)
        #expect(replacement.position == harness.arbiter.spec(of: old)?.position)
        #expect(replacement.slot != 0, "the old worker still holds its slot")
        #expect(ArbiterHarness.signals(in: recycle).isEmpty, "nothing drained before the replacement is ready")

        let ready = harness.ready(harness.pids[replacement]!)
        #expect(ArbiterHarness.signals(in: ready).map { "\($0.pid) \($0.signal)" } == ["\(old) term"])
        #expect(ArbiterHarness.spawns(in: harness.exit(old, .exited(0))).isEmpty)
        #expect(Set(harness.arbiter.livePids) == [other, harness.pids[replacement]!])
    }

    @Test func recycleRefusesWhatIsNotAReadyWorker() throws {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        let pid = harness.pid(slot: 0)!
        #expect(throws: ControlRefusal.self) { try harness.control(.recycle(slotOrPid: 99999)) }
        try harness.control(.recycle(slotOrPid: Int(pid)))
        #expect(throws: ControlRefusal.self) { try harness.control(.recycle(slotOrPid: Int(pid))) }
    }

    @Test func aWorkerIsFoundBySlotFirstThenByPid() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let second = harness.pid(slot: 1)!
        #expect(harness.arbiter.worker(slotOrPid: 1)?.pid == second)
        #expect(harness.arbiter.worker(slotOrPid: Int(second))?.spec.slot == 1)
        #expect(harness.arbiter.worker(slotOrPid: 7) == nil)
    }
}
