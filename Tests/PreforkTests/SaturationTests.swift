import Glibc
import Testing
import TestSupport
@testable import Prefork

/// The figures that say whether the workers keep up: the connections a worker counts, the busy shares
/// the supervisor measures from the scheduler's accounting, the accept queue, and the verdict drawn
/// from it all.
@Suite struct SaturationTests {
    /// A live slot as the supervisor would read it.
    private func slot(
        _ slot: Int, pid: Int32, loops: Int = 1, short: Double = 0, connections: UInt64 = 0
    ) -> WorkerSlotSnapshot {
        WorkerSlotSnapshot(
            slot: slot, pid: pid, generation: 0, position: slot, state: .ready, spawnTime: 1, readyTime: 1,
            lastHeartbeat: 1, requests: 0, inFlight: 0, connections: connections,
            eventLoops: loops, busyShort: short, busyLong: short, bootError: "", counters: [])
    }

    private func snapshot(_ slots: [WorkerSlotSnapshot], waiting: Int? = 0, cpus: Int = 2) -> ScoreboardSnapshot {
        ScoreboardSnapshot(
            slots: slots, retiredRequests: 0, retiredWorkers: 0, retiredCounters: [], restarts: [:],
            acceptQueue: waiting.map { ListeningSocket.AcceptQueue(length: $0, limit: 4096) }, cpus: cpus)
    }

    @Test func aWorkersShareOfTheConnectionsCountsTheReadyWorkersOnly() throws {
        let board = try Scoreboard.create(slotCount: 3, counterCount: 0)
        for slot in 0..<3 { board.resetSlot(slot, generation: 0, position: slot, now: 1) }
        board.setState(.ready, slot: 0, now: 2)
        board.setState(.ready, slot: 2, now: 2)
        for (slot, count) in [(0, 3), (1, 5), (2, 4)] {
            for _ in 0..<count { board.connectionOpened(slot: slot) }
        }
        let share = try #require(board.connectionShare(of: 0))
        #expect(share.own == 3 && share.total == 7 && share.workers == 2, "slot 1 is not ready: \(share)")
        #expect(board.connectionShare(of: 1) == nil, "a worker not ready has no share")
    }

    @Test func aWorkersFiguresAndTheSupervisorsReadBack() throws {
        let board = try Scoreboard.create(slotCount: 2, counterCount: 0)
        board.resetSlot(1, generation: 0, position: 1, now: 1)
        board.setEventLoops(2, slot: 1)
        board.connectionOpened(slot: 1)
        board.connectionOpened(slot: 1)
        board.connectionClosed(slot: 1)
        board.publishBusy(slot: 1, short: 0.4567, long: 1.7)
        board.publishAcceptQueue(ListeningSocket.AcceptQueue(length: 3, limit: 128))
        board.publishCPUs(6)
        let read = board.snapshot()
        let worker = try #require(read.slots.first)
        #expect(worker.eventLoops == 2 && worker.connections == 1)
        #expect(worker.busyShort == 0.457, "published in thousandths")
        #expect(worker.busyLong == 1, "a share is at most 1")
        #expect(read.acceptQueue == ListeningSocket.AcceptQueue(length: 3, limit: 128))
        #expect(read.cpus == 6)
        board.publishAcceptQueue(nil)
        #expect(board.snapshot().acceptQueue == nil)
        board.resetSlot(1, generation: 1, position: 1, now: 2)
        #expect(board.slot(1).busyShort == 0 && board.slot(1).connections == 0, "a new worker starts from zero")
    }

    @Test func sharesCoverTheirWindowsAndTheWorkersEventLoops() throws {
        var sampler = BusySampler()
        var shares: [Int: (last: Double, short: Double, long: Double)] = [:]
        // Slot 0 is busy half the time on one loop for 30 s, then idle; slot 1 runs 2 loops both always busy.
        let slots = [slot(0, pid: 10), slot(1, pid: 11, loops: 2)]
        for second in 0...40 {
            let busy: [Int32: UInt64] = [10: UInt64(min(second, 30)) * 500_000_000, 11: UInt64(second) * 2_000_000_000]
            let sharesSampled = sampler.update(now: Double(second), slots: { slots }, busyNanos: { busy[$0] })
            shares = try #require(sharesSampled)
            if second == 20 { #expect(shares[0]?.last == 0.5, "the last second: half busy") }
            let again = sampler.update(now: Double(second) + 0.5, slots: { slots }, busyNanos: { busy[$0] })
            #expect(again == nil, "one sample a second")
        }
        let idleAgain = try #require(shares[0])
        #expect(idleAgain.short == 0, "idle for the last 10 s")
        #expect(abs(idleAgain.long - 15.0 / 40 * 1) < 1e-9, "15 busy seconds in the 40 it has lived")
        let full = try #require(shares[1])
        #expect(full.short == 1 && full.long == 1 && full.last == 1)
        #expect(idleAgain.last == 0)
    }

    @Test func aReplacedWorkerIsMeasuredFromItsOwnFirstSample() throws {
        var sampler = BusySampler()
        _ = sampler.update(now: 0, slots: { [slot(0, pid: 10)] }, busyNanos: { _ in 0 })
        _ = sampler.update(now: 1, slots: { [slot(0, pid: 10)] }, busyNanos: { _ in 1_000_000_000 })
        let firstSampled = sampler.update(now: 2, slots: { [slot(0, pid: 20)] }, busyNanos: { _ in 5_000_000_000 })
        let first = try #require(firstSampled)
        #expect(first[0]?.short == 0, "one sample of the new pid: nothing to measure yet")
        let secondSampled = sampler.update(now: 3, slots: { [slot(0, pid: 20)] }, busyNanos: { _ in 5_250_000_000 })
        let second = try #require(secondSampled)
        #expect(second[0]?.short == 0.25 && second[0]?.last == 0.25)
        let goneSampled = sampler.update(now: 4, slots: { [slot(0, pid: 20)] }, busyNanos: { _ in nil })
        let gone = try #require(goneSampled)
        #expect(gone.isEmpty, "a worker the scheduler no longer knows is not judged")
    }

    @Test func theSchedulerCountsTheTimeAProcessRanOrWaitedToRun() throws {
        let before = try #require(ProcessSchedule.wantedNanoseconds(of: getpid()))
        var sink: UInt64 = 1
        let start = MonotonicClock.nanoseconds()
        while MonotonicClock.nanoseconds() - start < 50_000_000 { sink = sink &* 6_364_136_223_846_793_005 &+ 1 }
        let after = try #require(ProcessSchedule.wantedNanoseconds(of: getpid()))
        #expect(sink != 0)
        #expect(after >= before + 40_000_000, "50 ms of spinning, all of it running or ready to run")
        #expect(ProcessSchedule.wantedNanoseconds(of: Int32.max) == nil)
    }

    @Test func theAcceptQueueOfAListeningSocketCountsWaitingConnections() throws {
        let socket = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 16)
        defer { socket.close() }
        let clients = try (0..<3).map { _ in try connectClient(to: socket.address) }
        defer { clients.forEach { close($0) } }
        var sockets = SupervisorSockets(shared: [socket], reusePort: false, backlog: 16)
        #expect(eventually(within: 5) { sockets.acceptQueue?.length == 3 })
        #expect(sockets.acceptQueue?.limit == 16)
        sockets = SupervisorSockets(shared: [], reusePort: false, backlog: 16)
        #expect(sockets.acceptQueue == nil)
    }

    @Test func verdicts() {
        #expect(SaturationVerdict(snapshot: snapshot([slot(0, pid: 1, short: 0.97), slot(1, pid: 2, short: 0.99)], waiting: 41)).text
            == "saturated: 2 workers 98% busy, 41 connections waiting, 0 CPUs idle: add hosts")
        #expect(SaturationVerdict(snapshot: snapshot([slot(0, pid: 1, short: 0.9)], waiting: 0, cpus: 4)).text
            == "saturated: 1 worker 90% busy, 0 connections waiting, 3 CPUs idle: add workers (up to 4)")
        #expect(SaturationVerdict(snapshot: snapshot((0..<4).map { slot($0, pid: Int32($0 + 1), short: 0.03) }, cpus: 4)).text
            == "idle: 4 workers 3% busy: 1 would do")
        #expect(SaturationVerdict(snapshot: snapshot([slot(0, pid: 1, short: 0.5, connections: 62), slot(1, pid: 2, short: 0.5, connections: 2)])).text
            == "uneven: the worker in slot 0 holds 62 of 64 connections; reuse_port: true gives each worker a queue of its own, which the kernel fills by a hash of each connection's addresses")
        #expect(SaturationVerdict(snapshot: snapshot([slot(0, pid: 1, short: 0.5, connections: 30), slot(1, pid: 2, short: 0.4, connections: 34)])).kind == .ok)
        let four = [40, 10, 10, 4].enumerated().map { slot($0, pid: Int32($0 + 1), short: 0.5, connections: UInt64($1)) }
        #expect(SaturationVerdict(snapshot: snapshot(four, cpus: 4)).kind == .uneven, "40 of 64 is over twice a quarter")
        let fair = [20, 16, 16, 12].enumerated().map { slot($0, pid: Int32($0 + 1), short: 0.5, connections: UInt64($1)) }
        #expect(SaturationVerdict(snapshot: snapshot(fair, cpus: 4)).text == "ok: 4 workers 50% busy, 0 waiting, 4 CPUs")
        #expect(SaturationVerdict(snapshot: snapshot([slot(0, pid: 1, short: 0.05)])).kind == .ok, "one worker is never too many")
        #expect(SaturationVerdict(snapshot: snapshot([])).text == "no ready worker to judge")
    }
}
