import Testing
@testable import Prefork

@Suite struct ArbiterSignalTests {
    @Test func termDrainsWorkersThenKillsStragglersAndExitsZero() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let pids = harness.arbiter.livePids
        let term = harness.signal(.term)
        #expect(term.contains(.notify(.stopping)))
        #expect(ArbiterHarness.signals(in: term).map { "\($0.pid) \($0.signal)" } == pids.map { "\($0) term" })
        #expect(ArbiterHarness.spawns(in: harness.exit(pids[0], .exited(0))).isEmpty)
        #expect(ArbiterHarness.signals(in: harness.tick(after: 29, silent: Set(pids))).isEmpty)
        let kill = harness.tick(after: 2, silent: Set(pids))
        #expect(ArbiterHarness.signals(in: kill).map { "\($0.pid) \($0.signal)" } == ["\(pids[1]) kill"])
        #expect(harness.exit(pids[1], .signaled(9)).last == .exit(0))
    }

    @Test func intAndQuitStopFast() {
        for signal in [ProcessSignal.int, .quit] {
            var harness = ArbiterHarness(workers: 2)
            harness.startReady()
            let pids = harness.arbiter.livePids
            let stop = harness.signal(signal)
            #expect(ArbiterHarness.signals(in: stop).map(\.signal) == [.quit, .quit])
            let kill = harness.tick(after: 1.5, silent: Set(pids))
            #expect(ArbiterHarness.signals(in: kill).map(\.signal) == [.kill, .kill])
        }
    }

    @Test func intDuringAGracefulStopEscalates() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        harness.signal(.term)
        #expect(ArbiterHarness.signals(in: harness.signal(.int)).map(\.signal) == [.quit])
        #expect(ArbiterHarness.signals(in: harness.signal(.term)).isEmpty)
    }

    @Test func ttinAddsAWorkerAndTtouRetiresTheNewestPositionNeverTheLast() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        let added = ArbiterHarness.spawns(in: harness.signal(.ttin))
        #expect(added.map(\.position) == [1])
        let addedPid = harness.pids[added[0]]!
        harness.ready(addedPid)
        let removed = harness.signal(.ttou)
        #expect(ArbiterHarness.signals(in: removed).map { "\($0.pid) \($0.signal)" } == ["\(addedPid) term"])
        #expect(removed.contains(.closeSocket(position: 1)), "the draining worker is left as the socket's last holder")
        let exit = harness.exit(addedPid, .exited(0))
        #expect(!exit.contains(.closeSocket(position: 1)))
        #expect(ArbiterHarness.spawns(in: exit).isEmpty)
        let refused = harness.signal(.ttou)
        #expect(ArbiterHarness.signals(in: refused).isEmpty)
        #expect(harness.arbiter.settings.workers == 1)
    }

    /// Found by the property tests: the boot ended only when a worker reported ready, so a TTOU
    /// that retired the last booting position left the server booting for good (no READY to
    /// systemd, every HUP and USR2 ignored).
    @Test func ttouRetiringTheLastBootingPositionEndsTheBoot() {
        var harness = ArbiterHarness(workers: 3)
        let spawned = ArbiterHarness.spawns(in: harness.start())
        harness.ready(harness.pids[spawned[0]]!)
        harness.ready(harness.pids[spawned[1]]!)
        let booting = harness.pids[spawned[2]]!
        let ttou = harness.signal(.ttou)
        #expect(harness.arbiter.phase == .running)
        #expect(ArbiterHarness.logs(in: ttou) == ["TTOU: 2 worker(s)", "all 2 worker(s) ready"])
        #expect(ttou.filter { if case .notify = $0 { true } else { false } } == [.notify(.ready)])
        #expect(ArbiterHarness.signals(in: ttou).map { "\($0.pid) \($0.signal)" } == ["\(booting) term"])
    }

    @Test func ctlWorkersRetiringTheLastBootingPositionEndsTheBoot() throws {
        var harness = ArbiterHarness(workers: 3)
        let spawned = ArbiterHarness.spawns(in: harness.start())
        harness.ready(harness.pids[spawned[0]]!)
        let set = try harness.control(.setWorkers(1))
        #expect(harness.arbiter.phase == .running)
        #expect(ArbiterHarness.logs(in: set) == ["control: 1 worker(s), was 3", "all 1 worker(s) ready"])
        #expect(set.contains(.notify(.ready)))
    }

    @Test func usr1ReopensLogsAndTellsWorkers() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let actions = harness.signal(.usr1)
        #expect(actions.contains(.reopenLogs))
        #expect(ArbiterHarness.signals(in: actions).map(\.signal) == [.usr1, .usr1])
    }

    @Test func usr2StartsANewSupervisorAndKeepsServing() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let actions = harness.signal(.usr2)
        #expect(actions.contains(.reexec))
        #expect(ArbiterHarness.signals(in: actions).isEmpty)
    }

    @Test func signalsReadTogetherAreLoggedInTheOrderTheyAreHandled() {
        let arbiter = ArbiterHarness(workers: 1).arbiter
        #expect(arbiter.receivedTogether([.ttin, .chld, .hup, .ttou]) == [
            .log(.info, "signals received together, handled in the order they arrived: SIGTTIN, SIGHUP, SIGTTOU")
        ])
        #expect(arbiter.receivedTogether([.hup, .chld]).isEmpty, "one signal needs no order")
        #expect(arbiter.receivedTogether([]).isEmpty)
    }
}
