import Testing
@testable import Prefork

/// The autoscaler's decisions from one reading a second: its windows, hysteresis, cool-down and bounds.
@Suite struct WorkerAutoscalerTests {
    /// Feeds an autoscaler one reading a second.
    struct Feed {
        var scaler: WorkerAutoscaler
        var now = 0.0
        var workers: Int

        init(workers: Int = 1, floor: Int = 1, ceiling: Int = 4, up: Double = 3, down: Double = 30,
             configure: (inout WorkerAutoscaler.Limits) -> Void = { _ in }) {
            var limits = WorkerAutoscaler.Limits(floor: floor, ceiling: ceiling, upSeconds: up, downSeconds: down)
            configure(&limits)
            scaler = WorkerAutoscaler(limits: limits)
            self.workers = workers
        }

        /// One second's reading with every worker at `busy`; a decision changes `workers` as the arbiter would.
        @discardableResult
        mutating func step(
            busy: Double, queue: Int = 0, cpus: Int = 4, loopsPerWorker: Int = 1, capacity: Int = 32, after seconds: Double = 1
        ) -> WorkerAutoscaler.Decision? {
            step(busy: Array(repeating: busy, count: workers), queue: queue, cpus: cpus,
                 loopsPerWorker: loopsPerWorker, capacity: capacity, after: seconds)
        }

        @discardableResult
        mutating func step(
            busy: [Double], queue: Int = 0, cpus: Int = 4, loopsPerWorker: Int = 1, capacity: Int = 32, after seconds: Double = 1
        ) -> WorkerAutoscaler.Decision? {
            now += seconds
            let reading = WorkerAutoscaler.Reading(
                workers: workers, busy: busy, acceptQueue: queue, cpus: cpus,
                eventLoops: workers * loopsPerWorker, capacity: capacity)
            let decision = scaler.decide(reading, now: now)
            switch decision {
            case .up(let count, _)?, .down(let count, _)?: workers = count
            case nil: break
            }
            return decision
        }

        /// Steps `count` times with the same figures; the decisions made, with the time of each.
        @discardableResult
        mutating func run(_ count: Int, busy: Double, queue: Int = 0, cpus: Int = 4, capacity: Int = 32)
            -> [(at: Double, decision: WorkerAutoscaler.Decision)]
        {
            var made: [(at: Double, decision: WorkerAutoscaler.Decision)] = []
            for _ in 0..<count {
                if let decision = step(busy: busy, queue: queue, cpus: cpus, capacity: capacity) { made.append((now, decision)) }
            }
            return made
        }
    }

    @Test func busyAloneAddsAWorkerOnceTheUpWindowIsFull() {
        var feed = Feed()
        #expect(feed.step(busy: 0.97) == nil)
        #expect(feed.step(busy: 0.97) == nil)
        #expect(feed.step(busy: 0.97) == .up(to: 2, why: "busy 97% for 3 s, accept queue 0, 4 CPU(s)"))
    }

    @Test func waitingConnectionsAloneAddAWorker() {
        var feed = Feed()
        #expect(feed.run(2, busy: 0.4, queue: 12).isEmpty)
        #expect(feed.step(busy: 0.4, queue: 12) == .up(to: 2, why: "accept queue 12 for 3 s, busy 40%, 4 CPU(s)"))
    }

    @Test func theHighThresholdIsTheStatusVerdictsSaturatedShare() {
        var feed = Feed()
        #expect(feed.run(10, busy: 0.84).isEmpty, "under 85%: not saturated")
        #expect(feed.run(3, busy: 0.85).count == 1, "85% counts as saturated, as in tagifai status")
    }

    @Test func oneQuietSecondStartsTheUpWindowAgain() {
        var feed = Feed()
        feed.run(2, busy: 0.95)
        #expect(feed.step(busy: 0.5) == nil)
        #expect(feed.run(2, busy: 0.95).isEmpty)
        #expect(feed.step(busy: 0.95) != nil, "three loaded seconds in a row again")
    }

    @Test func noWorkerIsAddedWithoutAFreeCPU() {
        var feed = Feed(workers: 2)
        #expect(feed.run(60, busy: 1, queue: 50, cpus: 2).isEmpty, "2 event loops on 2 CPUs")
        var threaded = Feed(workers: 1)
        #expect(threaded.step(busy: [1], cpus: 2, loopsPerWorker: 2) == nil)
        #expect(threaded.step(busy: [1], cpus: 2, loopsPerWorker: 2) == nil)
        #expect(threaded.step(busy: [1], cpus: 2, loopsPerWorker: 2) == nil, "one worker of 2 threads fills 2 CPUs")
        #expect(feed.step(busy: 1, queue: 50, cpus: 3) == .up(to: 3, why: "accept queue 50 for 61 s, busy 100%, 3 CPU(s)"),
                "the window held while the CPUs were full: one frees and the worker comes at once")
    }

    @Test func neverAboveWorkersMaxNorTheScoreboardsCapacity() {
        var feed = Feed(ceiling: 3)
        let made = feed.run(120, busy: 1, cpus: 64)
        #expect(made.map(\.decision) == [.up(to: 2, why: "busy 100% for 3 s, accept queue 0, 64 CPU(s)"),
                                          .up(to: 3, why: "busy 100% for 3 s, accept queue 0, 64 CPU(s)")])
        var small = Feed(ceiling: 10)
        #expect(small.run(120, busy: 1, cpus: 64, capacity: 2).count == 1, "a scoreboard of 2")
        #expect(small.workers == 2)
    }

    @Test func afterAChangeTheCoolDownThenAFullWindowPassBeforeTheNext() {
        var feed = Feed()
        let made = feed.run(12, busy: 1)
        #expect(made.map(\.at) == [3, 9], "cool-down 3 s (4, 5, 6 ignored), then 7, 8, 9")
    }

    @Test func anOperatorsChangeStartsTheCoolDownToo() {
        var feed = Feed()
        feed.run(2, busy: 1)
        feed.scaler.changed(now: feed.now)
        feed.workers = 2
        #expect(feed.run(5, busy: 1).isEmpty, "3 s of cool-down, then 2 of the window")
        #expect(feed.step(busy: 1) == .up(to: 3, why: "busy 100% for 3 s, accept queue 0, 4 CPU(s)"))
    }

    @Test func aWorkerIsRetiredOnlyAfterTheFullDownWindow() {
        var feed = Feed(workers: 2)
        #expect(feed.run(29, busy: 0.08).isEmpty)
        #expect(feed.step(busy: 0.08) == .down(to: 1, why: "busy 8% for 30 s, 1 would run at 16%"))
    }

    @Test func oneBusySecondStartsTheDownWindowAgain() {
        var feed = Feed(workers: 2)
        feed.run(29, busy: 0.1)
        #expect(feed.step(busy: 0.3) == nil)
        #expect(feed.run(29, busy: 0.1).isEmpty)
        #expect(feed.step(busy: 0.1) != nil)
    }

    @Test func aWaitingConnectionKeepsEveryWorker() {
        var feed = Feed(workers: 2)
        feed.run(20, busy: 0.05)
        #expect(feed.step(busy: 0.05, queue: 1) == nil)
        #expect(feed.run(29, busy: 0.05).isEmpty, "the window started again")
    }

    @Test func neverBelowTheFloor() {
        var feed = Feed(workers: 2, floor: 2)
        #expect(feed.run(300, busy: 0).isEmpty)
        var down = Feed(workers: 4, floor: 2, ceiling: 4)
        #expect(down.run(300, busy: 0).map(\.decision) == [
            .down(to: 3, why: "busy 0% for 30 s, 3 would run at 0%"), .down(to: 2, why: "busy 0% for 30 s, 2 would run at 0%"),
        ])
    }

    @Test func theFewerWorkersLeftMustStayUnderHalfBusy() {
        // A low threshold of 40% alone would retire one of 2 workers at 30%, leaving one at 60%.
        var feed = Feed(workers: 2) { $0.busyLow = 0.4 }
        #expect(feed.run(100, busy: 0.3).isEmpty)
        var three = Feed(workers: 3) { $0.busyLow = 0.4 }
        #expect(three.run(30, busy: 0.3).map(\.decision) == [.down(to: 2, why: "busy 30% for 30 s, 2 would run at 45%")])
    }

    @Test func betweenTheThresholdsNothingMoves() {
        var feed = Feed(workers: 2)
        #expect(feed.run(600, busy: 0.5).isEmpty)
        #expect(feed.run(600, busy: 0.25).isEmpty, "25% is not under 25%")
    }

    @Test func aNoisySignalDoesNotFlap() {
        var feed = Feed(workers: 2)
        var made: [WorkerAutoscaler.Decision] = []
        // Bursts of two saturated seconds between calm ones, and calm stretches broken by a busy second.
        let pattern: [Double] = [0.95, 0.95, 0.6, 0.1, 0.1, 0.1, 0.9, 0.95, 0.3, 0.05]
        for second in 0..<600 {
            if let decision = feed.step(busy: pattern[second % pattern.count]) { made.append(decision) }
        }
        #expect(made.isEmpty)
        #expect(feed.workers == 2)
    }

    @Test func theMeanOfTheWorkersIsJudged() {
        var feed = Feed(workers: 2)
        feed.run(2, busy: 0)
        #expect(feed.step(busy: [1, 0.8]) == nil)
        #expect(feed.step(busy: [1, 0.8]) == nil)
        #expect(feed.step(busy: [1, 0.8]) == .up(to: 3, why: "busy 90% for 3 s, accept queue 0, 4 CPU(s)"))
    }

    @Test func aMissingReadingOrAHoldStartsTheWindowsAgain() {
        var feed = Feed()
        feed.run(2, busy: 1)
        #expect(feed.step(busy: 1, after: 5) == nil, "a gap of 5 s")
        feed.run(2, busy: 1)
        #expect(feed.step(busy: 1) != nil, "3 s in a row after the gap")
        var held = Feed()
        held.run(2, busy: 1)
        held.scaler.hold()
        #expect(held.run(2, busy: 1).isEmpty)
        #expect(held.step(busy: 1) != nil)
    }

    @Test func noServingWorkerNoDecision() {
        var feed = Feed()
        #expect(feed.run(10, busy: []).isEmpty)
    }

    @Test func boundsForTheOperator() {
        #expect(WorkerAutoscaler(limits: .init(floor: 2, ceiling: 5, upSeconds: 3, downSeconds: 30)).bounds == 2...5)
    }
}

extension WorkerAutoscalerTests.Feed {
    @discardableResult
    mutating func run(_ count: Int, busy: [Double]) -> [WorkerAutoscaler.Decision] {
        (0..<count).compactMap { _ in step(busy: busy) }
    }
}
