import Testing
@testable import Prefork
import TestSupport

@Suite struct ArbiterLifecycleTests {
    @Test func startsOneWorkerPerPositionInDistinctSlots() {
        var harness = ArbiterHarness(workers: 3)
        let spawns = ArbiterHarness.spawns(in: harness.start())
        #expect(spawns.map(\.position).sorted() == [0, 1, 2])
        #expect(Set(spawns.map(\.slot)).count == 3)
        #expect(spawns.allSatisfy { $0.generation == 0 })
    }

    @Test func notifiesReadyOnlyWhenTheWholeFirstGenerationIsReady() {
        var harness = ArbiterHarness(workers: 2)
        harness.start()
        let pids = harness.arbiter.livePids
        #expect(!harness.ready(pids[0]).contains(.notify(.ready)))
        #expect(harness.ready(pids[1]).contains(.notify(.ready)))
        #expect(harness.arbiter.phase == .running)
    }

    @Test func replacesACrashedWorkerAtOnceInTheSameSlot() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let victim = harness.arbiter.livePids[0]
        let slot = harness.arbiter.spec(of: victim)!.slot
        let actions = harness.exit(victim, .exited(1))
        #expect(actions.contains(.releaseSlot(slot)))
        #expect(ArbiterHarness.spawns(in: actions).map(\.slot) == [slot])
        #expect(ArbiterHarness.logs(in: actions).contains { $0.contains("pid \(victim)") && $0.contains("slot \(slot)") && $0.contains("status 1") })
    }

    @Test func saysPerhapsOutOfMemoryForAnUnexpectedSigkill() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        let actions = harness.exit(harness.arbiter.livePids[0], .signaled(ProcessSignal.kill.number))
        #expect(ArbiterHarness.logs(in: actions).contains { $0.contains("SIGKILL") && $0.contains("perhaps out of memory") })
    }

    @Test func backsOffExponentiallyWhenAPositionKeepsCrashingAtBoot() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        harness.tick(after: 20)
        var delays: [Double] = []
        for _ in 0..<9 {
            let pid = harness.arbiter.livePids[0]
            let crashedAt = harness.now
            var spawned = !ArbiterHarness.spawns(in: harness.exit(pid, .exited(1))).isEmpty
            while !spawned {
                spawned = !ArbiterHarness.spawns(in: harness.tick(after: 0.05)).isEmpty
            }
            delays.append(((harness.now - crashedAt) * 100).rounded() / 100)
        }
        #expect(delays[0] == 0, "a worker that ran for a while is replaced at once")
        #expect(delays[1] == 0, "so is the first early crash")
        #expect(delays[2] >= 0.25 && delays[2] < 0.35)
        #expect(delays[3] >= 0.5 && delays[3] < 0.6)
        #expect(zip(delays.dropFirst(2), delays.dropFirst(3)).allSatisfy { $0 < $1 })
        #expect(delays.last! >= 16 && delays.last! < 16.1, "capped")
    }

    /// A worker killed from outside (`kill -9`, the OOM killer) every couple of seconds after it served
    /// is no crash loop: its position is refilled at once every time.
    @Test func replacesAtOnceAWorkerKilledEveryTwoSecondsAfterItWasReady() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        for round in 0..<6 {
            harness.tick(after: 2)
            let actions = harness.exit(harness.arbiter.livePids[0], .signaled(ProcessSignal.kill.number))
            #expect(ArbiterHarness.spawns(in: actions).count == 1, "round \(round)")
            harness.ready(harness.arbiter.livePids[0])
        }
    }

    @Test func forgetsCrashesOnceAWorkerStaysUp() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        for _ in 0..<3 {
            harness.exit(harness.arbiter.livePids[0], .exited(1))
            while harness.arbiter.livePids.isEmpty { harness.tick(after: 0.05) }
        }
        harness.ready(harness.arbiter.livePids[0])
        harness.tick(after: 6)
        let actions = harness.exit(harness.arbiter.livePids[0], .exited(1))
        #expect(ArbiterHarness.spawns(in: actions).count == 1)
    }

    @Test func exitsWithTheWorkersMessageWhenTheFirstGenerationCannotBoot() {
        var harness = ArbiterHarness(workers: 2)
        harness.start()
        let pids = harness.arbiter.livePids
        let failed = harness.bootFailed(pids[0], "model models/x.json not found")
        #expect(ArbiterHarness.logs(in: failed).filter { $0.contains("model models/x.json not found") }.count == 1)
        #expect(ArbiterHarness.signals(in: failed).map(\.pid) == [pids[1]])
        harness.exit(pids[0], .exited(3))
        let last = harness.exit(pids[1], .signaled(9))
        #expect(last.last == .exit(3))
        #expect(ArbiterHarness.spawns(in: harness.history).count == 2)
    }

    @Test func aSecondWorkerReportingTheSameBootFailureAfterTheStopIsNotLoggedAgain() {
        var harness = ArbiterHarness(workers: 2)
        harness.start()
        let pids = harness.arbiter.livePids
        let first = harness.bootFailed(pids[0], "model missing")
        let second = harness.bootFailed(pids[1], "model missing")
        #expect(ArbiterHarness.logs(in: first).filter { $0.contains("model missing") }.count == 1)
        #expect(ArbiterHarness.logs(in: second).isEmpty)
    }

    @Test func exitStatusThreeAloneCountsAsABootFailure() {
        var harness = ArbiterHarness(workers: 1)
        harness.start()
        #expect(harness.exit(harness.arbiter.livePids[0], .exited(3)).last == .exit(3))
    }

    @Test func abortsThenKillsASilentWorker() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let hung = harness.arbiter.livePids[0]
        #expect(ArbiterHarness.signals(in: harness.tick(after: 29, silent: [hung])).isEmpty)
        let abort = harness.tick(after: 2, silent: [hung])
        #expect(ArbiterHarness.signals(in: abort).map { "\($0.pid) \($0.signal)" } == ["\(hung) abrt"])
        #expect(ArbiterHarness.spawns(in: abort).count == 1, "the replacement starts while the hung worker dies")
        let kill = harness.tick(after: 5, silent: [hung])
        #expect(ArbiterHarness.signals(in: kill).map { "\($0.pid) \($0.signal)" } == ["\(hung) kill"])
        let exit = harness.exit(hung, .signaled(9))
        #expect(!ArbiterHarness.logs(in: exit).contains { $0.contains("out of memory") })
        #expect(ArbiterHarness.spawns(in: exit).isEmpty)
    }

    @Test func replacementStartsFirstWhenAWorkerReachesMaxRequests() {
        var harness = ArbiterHarness(workers: 1) { $0.maxRequests = 100; $0.maxRequestsJitter = 10 }
        harness.startReady()
        let old = harness.arbiter.livePids[0]
        #expect(ArbiterHarness.spawns(in: harness.tick(after: 1, requests: [old: 99])).isEmpty)
        let retire = harness.tick(after: 1, requests: [old: 111])
        let replacement = ArbiterHarness.spawns(in: retire)
        #expect(replacement.count == 1)
        #expect(ArbiterHarness.signals(in: retire).isEmpty, "the old worker serves until its replacement is ready")
        let ready = harness.ready(harness.pids[replacement[0]]!)
        #expect(ArbiterHarness.signals(in: ready).map { "\($0.pid) \($0.signal)" } == ["\(old) term"])
    }

    @Test func aWorkerPastMaxWorkerRSSIsReplacedTheRollingWay() {
        var harness = ArbiterHarness(workers: 1) { $0.maxWorkerRSS = 64 * 1_048_576 }
        harness.startReady()
        let old = harness.arbiter.livePids[0]
        #expect(ArbiterHarness.spawns(in: harness.tick(after: 1, resident: [old: 64 * 1_048_576])).isEmpty, "at the bound, not past it")
        #expect(ArbiterHarness.spawns(in: harness.tick(after: 1)).isEmpty, "no reading, no judgement")
        let retire = harness.tick(after: 1, resident: [old: 65 * 1_048_576])
        #expect(ArbiterHarness.spawns(in: retire).count == 1)
        #expect(ArbiterHarness.signals(in: retire).isEmpty, "the old worker serves until its replacement is ready")
        #expect(ArbiterHarness.logs(in: retire).contains { $0.hasSuffix("holds 65 MiB resident (max_worker_rss 64 MiB): retiring") })
        let replacement = harness.arbiter.livePids.first { $0 != old }!
        let ready = harness.ready(replacement)
        #expect(ArbiterHarness.signals(in: ready).map { "\($0.pid) \($0.signal)" } == ["\(old) term"])
        #expect(ArbiterHarness.spawns(in: harness.tick(after: 1, resident: [old: 99 * 1_048_576])).isEmpty,
                "a retiring worker is not retired again")
    }

    @Test func theFirstBootEndsEvenWhenEveryWorkerIsPastMaxWorkerRSSOnceReady() {
        var harness = ArbiterHarness(workers: 2) { $0.maxWorkerRSS = 1_048_576 }
        let spawned = ArbiterHarness.spawns(in: harness.start())
        let first = harness.pids[spawned[0]]!, second = harness.pids[spawned[1]]!
        harness.ready(first)
        harness.tick(after: 0.1, resident: [first: 30 * 1_048_576])
        let boot = harness.ready(second)
        #expect(ArbiterHarness.logs(in: boot).contains("all 2 worker(s) ready"), "the retiring worker still accepts for its position")
        #expect(harness.arbiter.phase == .running)
    }

    @Test func aWorkerPastMaxWorkerLifetimeIsReplacedTheRollingWay() {
        var harness = ArbiterHarness(workers: 1) { $0.maxWorkerLifetime = 3600 }
        harness.startReady()
        let old = harness.arbiter.livePids[0]
        #expect(ArbiterHarness.spawns(in: harness.tick(after: 3599)).isEmpty)
        let retire = harness.tick(after: 1)
        #expect(ArbiterHarness.spawns(in: retire).count == 1)
        #expect(ArbiterHarness.logs(in: retire).contains { $0.hasSuffix("has served for 3600 s (max_worker_lifetime 3600 s): retiring") })
        let replacement = harness.arbiter.livePids.first { $0 != old }!
        #expect(ArbiterHarness.signals(in: harness.ready(replacement)).map { "\($0.pid) \($0.signal)" } == ["\(old) term"])
    }

    @Test func lifetimeJitterKeepsEachLimitWithinRange() {
        var limits: Set<Double> = []
        for seed in 0..<40 as Range<UInt64> {
            var config = ServerConfig()
            config.maxWorkerLifetime = 3600
            config.maxWorkerLifetimeJitter = 60
            var arbiter = Arbiter(settings: ArbiterSettings(config: config, cpus: 1), random: SeededRandom(seed: seed))
            _ = arbiter.handle(.start, now: 0).actions
            limits.insert(arbiter.launching.values.first!.lifetimeLimit!)
        }
        #expect(limits.allSatisfy { (3600...3660).contains($0) })
        #expect(limits.count > 1)
    }

    @Test func jitterKeepsEachLimitWithinRange() {
        var limits: Set<UInt64> = []
        for seed in 0..<40 as Range<UInt64> {
            var config = ServerConfig()
            config.maxRequests = 100
            config.maxRequestsJitter = 10
            var arbiter = Arbiter(settings: ArbiterSettings(config: config, cpus: 1), random: SeededRandom(seed: seed))
            _ = arbiter.handle(.start, now: 0).actions
            limits.insert(arbiter.launching.values.first!.requestLimit!)
        }
        #expect(limits.allSatisfy { (100...110).contains($0) })
        #expect(limits.count > 1)
    }
}

@Suite struct ArbiterBootFailureTests {
    @Test func aReplacementThatCannotBootIsRetriedWithBackoffNotAtOnce() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        harness.exit(harness.arbiter.livePids[0], .exited(1))
        var spawnTimes: [Double] = []
        for _ in 0..<3 {
            let pid = harness.arbiter.livePids[0]
            harness.bootFailed(pid, "model missing")
            harness.exit(pid, .exited(3))
            while harness.arbiter.livePids.isEmpty { harness.tick(after: 0.05) }
            spawnTimes.append(harness.now)
        }
        #expect(harness.arbiter.phase == .running, "only the first generation's boot failure stops the server")
        #expect(spawnTimes[2] - spawnTimes[1] > spawnTimes[1] - spawnTimes[0])
        #expect(spawnTimes[1] - spawnTimes[0] >= 0.25)
    }
}

@Suite struct ArbiterSpawnFailureTests {
    @Test func aWorkerBinaryThatCannotStartStopsTheFirstGeneration() {
        var config = ServerConfig()
        config.workers = .fixed(2)
        var arbiter = Arbiter(settings: ArbiterSettings(config: config, cpus: 1))
        let spawns = ArbiterHarness.spawns(in: arbiter.handle(.start, now: 0).actions)
        let failed = arbiter.handle(.spawnFailed(slot: spawns[0].slot, message: "cannot start worker /x: No such file"), now: 0).actions
        #expect(ArbiterHarness.logs(in: failed).contains { $0.contains("No such file") })
        #expect(ArbiterHarness.spawns(in: failed).isEmpty)
        #expect(arbiter.phase == .halting(Arbiter.bootFailureExitStatus))
        #expect(arbiter.handle(.spawnFailed(slot: spawns[1].slot, message: "same"), now: 0).actions.last == .exit(Arbiter.bootFailureExitStatus))
    }
}

extension ArbiterSpawnFailureTests {
    @Test func aWorkerStartedAfterTheHaltIsKilledAtOnce() {
        var config = ServerConfig()
        config.workers = .fixed(2)
        var arbiter = Arbiter(settings: ArbiterSettings(config: config, cpus: 1))
        let spawns = ArbiterHarness.spawns(in: arbiter.handle(.start, now: 0).actions)
        _ = arbiter.handle(.spawnFailed(slot: spawns[0].slot, message: "no binary"), now: 0).actions
        #expect(arbiter.handle(.spawned(slot: spawns[1].slot, pid: 77), now: 0).actions == [.signal(pid: 77, .kill)])
        #expect(arbiter.handle(.childExited(pid: 77, exit: .signaled(9)), now: 0).actions.last == .exit(Arbiter.bootFailureExitStatus))
    }
}

extension ArbiterBootFailureTests {
    @Test func aFirstGenerationThatKeepsCrashingBeforeReadyStopsTheSupervisor() {
        var harness = ArbiterHarness(workers: 1)
        harness.start()
        var last: [ArbiterAction] = []
        for _ in 0..<Arbiter.firstBootAttempts {
            while harness.arbiter.livePids.isEmpty { harness.tick(after: 0.05) }
            last = harness.exit(harness.arbiter.livePids[0], .signaled(11))
        }
        #expect(last.last == .exit(Arbiter.bootFailureExitStatus))
        #expect(ArbiterHarness.logs(in: last).contains { $0.contains("SIGSEGV") && $0.contains("5 times") })
    }
}
