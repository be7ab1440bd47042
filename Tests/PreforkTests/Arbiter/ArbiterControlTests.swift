import Testing
@testable import Prefork

@Suite struct ArbiterControlTests {
    @Test func setWorkersSpawnsUpAndDrainsDownAtOnce() throws {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let up = harness.apply(try harness.arbiter.setWorkers(4, now: harness.now))
        #expect(ArbiterHarness.spawns(in: up).map(\.position) == [2, 3])
        for spec in ArbiterHarness.spawns(in: up) { harness.ready(harness.pids[spec]!) }
        #expect(harness.arbiter.livePids.count == 4)

        let newest = [harness.pid(slot: 2)!, harness.pid(slot: 3)!]
        let down = harness.apply(try harness.arbiter.setWorkers(2, now: harness.now))
        #expect(ArbiterHarness.signals(in: down).map { "\($0.pid) \($0.signal)" } == newest.map { "\($0) term" })
        #expect(harness.arbiter.settings.workers == 2)
    }

    @Test func setWorkersRefusesCountsOutOfRangeAndWhileStopping() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let most = harness.arbiter.settings.maxWorkers
        #expect(throws: ControlRefusal.self) { try harness.arbiter.setWorkers(0, now: harness.now) }
        #expect(throws: ControlRefusal.self) { try harness.arbiter.setWorkers(most + 1, now: harness.now) }
        harness.signal(.term)
        #expect(throws: ControlRefusal("the server is stopping")) { try harness.arbiter.setWorkers(1, now: harness.now) }
    }

    @Test func recycleStartsTheReplacementBeforeDrainingTheWorker() throws {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let old = harness.pid(slot: 0)!, other = harness.pid(slot: 1)!
        let recycle = harness.apply(try harness.arbiter.recycle(pid: old, now: harness.now))
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
        #expect(throws: ControlRefusal.self) { try harness.arbiter.recycle(pid: 99999, now: harness.now) }
        harness.apply(try harness.arbiter.recycle(pid: pid, now: harness.now))
        #expect(throws: ControlRefusal.self) { try harness.arbiter.recycle(pid: pid, now: harness.now) }
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
