import Testing
@testable import Prefork

@Suite struct WorkerContextTests {
    @Test func explainsThatTheWorkerRoleIsNotStartedByHand() {
        #expect {
            try WorkerContext.fromEnvironment([:])
        } throws: { error in
            "\(error)".contains("PREFORK_SUPERVISOR_PID is not set") && "\(error)".contains("started by the supervisor")
        }
    }
}

@Suite struct LoopHeartbeatsTests {
    @Test func theWorkerBeatsAsItsOldestLoop() {
        var beats = LoopHeartbeats(start: 100)
        #expect(beats.beat(loop: 0, of: 2, now: 200) == 100, "a loop that never beat counts from the start")
        #expect(beats.beat(loop: 1, of: 2, now: 210) == 200)
        #expect(beats.beat(loop: 1, of: 2, now: 300) == 200, "loop 0 stuck: the heartbeat stays at its last beat")
        #expect(beats.beat(loop: 1, of: 2, now: 400) == 200)
        #expect(beats.beat(loop: 0, of: 2, now: 410) == 400)
    }

    @Test func aSingleLoopBeatsAsTheWorker() {
        var beats = LoopHeartbeats(start: 5)
        #expect(beats.beat(loop: 0, of: 1, now: 50) == 50)
        #expect(beats.beat(loop: 0, of: 1, now: 60) == 60)
    }
}
