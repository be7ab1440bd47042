import Testing
@testable import Prefork

/// Autoscaling (`workers_max`) carried out by the arbiter: one worker spawned or retired per
/// decision, within the bounds, and the operator's counts clamped to them.
@Suite struct ArbiterAutoscaleTests {
    private static func harness(workers: Int = 1, ceiling: Int = 3, up: Double = 3, down: Double = 30) -> ArbiterHarness {
        ArbiterHarness(workers: workers) {
            $0.autoscaling = WorkerAutoscaler.Limits(floor: workers, ceiling: ceiling, upSeconds: up, downSeconds: down)
        }
    }

    /// What the supervisor hands over once a second, every live worker at `busy`.
    @discardableResult
    private static func load(_ harness: inout ArbiterHarness, busy: Double, queue: Int = 0, cpus: Int = 8) -> [ArbiterAction] {
        harness.now += 1
        let shares = Dictionary(uniqueKeysWithValues: harness.arbiter.livePids.map { ($0, busy) })
        return harness.send(.load(WorkerLoad(busy: shares, acceptQueue: queue, cpus: cpus))).actions
    }

    private static func readyAll(_ harness: inout ArbiterHarness, _ actions: [ArbiterAction]) {
        for spec in ArbiterHarness.spawns(in: actions) { harness.ready(harness.pids[spec]!) }
    }

    @Test func aFullUpWindowSpawnsExactlyOneWorker() {
        var harness = Self.harness()
        harness.startReady()
        #expect(ArbiterHarness.spawns(in: Self.load(&harness, busy: 0.95)).isEmpty)
        #expect(ArbiterHarness.spawns(in: Self.load(&harness, busy: 0.95)).isEmpty)
        let up = Self.load(&harness, busy: 0.95)
        #expect(ArbiterHarness.logs(in: up).first == "scaling up to 2 worker(s): busy 95% for 3 s, accept queue 0, 8 CPU(s)")
        #expect(ArbiterHarness.spawns(in: up).map(\.position) == [1])
        #expect(harness.arbiter.settings.workers == 2)
        // While the new worker boots, no reading counts.
        for _ in 0..<10 { #expect(ArbiterHarness.spawns(in: Self.load(&harness, busy: 1, queue: 5)).isEmpty) }
        Self.readyAll(&harness, up)
        var spawned: [WorkerSpec] = []
        for _ in 0..<60 {
            let actions = Self.load(&harness, busy: 1, queue: 5)
            spawned += ArbiterHarness.spawns(in: actions)
            Self.readyAll(&harness, actions)
        }
        #expect(spawned.map(\.position) == [2], "one more, up to workers_max 3, then no more")
        #expect(harness.arbiter.settings.workers == 3)
    }

    @Test func aFullDownWindowRetiresExactlyOneWorkerTheRollingWay() {
        var harness = Self.harness(workers: 1, ceiling: 3, down: 30)
        harness.startReady()
        Self.readyAll(&harness, harness.signal(.ttin))
        Self.readyAll(&harness, harness.signal(.ttin))
        #expect(harness.arbiter.settings.workers == 3)
        var terms: [Int32] = []
        var downs: [String] = []
        for _ in 0..<200 {
            let actions = Self.load(&harness, busy: 0.05)
            terms += ArbiterHarness.signals(in: actions).filter { $0.signal == .term }.map(\.pid)
            downs += ArbiterHarness.logs(in: actions).filter { $0.hasPrefix("scaling down") }
            #expect(ArbiterHarness.spawns(in: actions).isEmpty)
            for pid in terms where harness.arbiter.livePids.contains(pid) { harness.exit(pid, .exited(0)) }
        }
        #expect(downs == ["scaling down to 2 worker(s): busy 5% for 30 s, 2 would run at 8%",
                          "scaling down to 1 worker(s): busy 5% for 30 s, 1 would run at 10%"])
        #expect(terms.count == 2, "one worker drained per decision, never the floor's")
        #expect(harness.arbiter.settings.workers == 1)
    }

    @Test func noDecisionWithoutAFreeCPU() {
        var harness = Self.harness(workers: 2, ceiling: 4)
        harness.startReady()
        for _ in 0..<30 { #expect(ArbiterHarness.spawns(in: Self.load(&harness, busy: 1, queue: 9, cpus: 2)).isEmpty) }
    }

    @Test func withoutWorkersMaxTheLoadIsIgnored() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        for _ in 0..<30 { #expect(Self.load(&harness, busy: 1, queue: 9).isEmpty) }
        #expect(harness.arbiter.settings.workers == 1)
    }

    @Test func ttinAndTtouStayWithinTheBounds() {
        var harness = Self.harness(workers: 2, ceiling: 3)
        harness.startReady()
        #expect(ArbiterHarness.logs(in: harness.signal(.ttou)) == ["TTOU ignored: autoscaling runs at least workers (2) worker(s)"])
        #expect(ArbiterHarness.logs(in: harness.signal(.ttin)).first == "TTIN: 3 worker(s)")
        #expect(ArbiterHarness.logs(in: harness.signal(.ttin)) == ["TTIN ignored: autoscaling runs at most workers_max (3) worker(s)"])
        #expect(harness.arbiter.settings.workers == 3)
    }

    @Test func ctlWorkersIsClampedAndSaysSo() throws {
        var harness = Self.harness(workers: 2, ceiling: 4)
        harness.startReady()
        let high = harness.send(.control(.setWorkers(9)))
        #expect(high.reply == .success(.workers(count: 4, previous: 2, clampedFrom: 9)))
        #expect(ArbiterHarness.logs(in: high.actions).first
            == "control: 4 worker(s), was 2 (9 asked for, clamped to autoscaling's 2...4)")
        let low = harness.send(.control(.setWorkers(1)))
        #expect(low.reply == .success(.workers(count: 2, previous: 4, clampedFrom: 1)))
        let within = harness.send(.control(.setWorkers(3)))
        #expect(within.reply == .success(.workers(count: 3, previous: 2)))
        #expect(throws: ControlRefusal.self) { try harness.control(.setWorkers(0)) }
    }

    @Test func anOperatorsCountStartsTheCoolDown() {
        var harness = Self.harness(workers: 1, ceiling: 4)
        harness.startReady()
        Self.load(&harness, busy: 1)
        Self.load(&harness, busy: 1)
        Self.readyAll(&harness, harness.signal(.ttin))
        var spawns: [Double] = []
        for _ in 0..<8 {
            let actions = Self.load(&harness, busy: 1)
            if !ArbiterHarness.spawns(in: actions).isEmpty { spawns.append(harness.now) }
            Self.readyAll(&harness, actions)
        }
        #expect(spawns == [1008], "TTIN at 1002: the seconds to 1005 are ignored, then 3 s of load")
    }

    @Test func aReloadStartsAgainFromTheFloor() {
        var harness = Self.harness(workers: 1, ceiling: 3)
        harness.startReady()
        var up: [ArbiterAction] = []
        for _ in 0..<3 { up += Self.load(&harness, busy: 1) }
        Self.readyAll(&harness, up)
        #expect(harness.arbiter.settings.workers == 2)
        harness.signal(.hup)
        let loaded = harness.loadConfig(workers: 1)
        #expect(ArbiterHarness.logs(in: loaded).first
            == "starting generation 1 with 1 worker(s) from the config, replacing the 2 set by autoscaling")
        #expect(harness.arbiter.settings.workers == 1)
        // While the new generation boots, no reading counts.
        for _ in 0..<10 { #expect(ArbiterHarness.spawns(in: Self.load(&harness, busy: 1)).filter { $0.generation == 1 && $0.position > 0 }.isEmpty) }
    }
}
