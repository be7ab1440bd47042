import Glibc
import Testing
@testable import Prefork

@Suite(.serialized) struct ScoreboardTests {
    @Test func aSecondMappingSeesWhatAWorkerWrites() throws {
        let board = try Scoreboard.create(slotCount: 4, counterCount: 3)
        board.resetSlot(2, generation: 5, position: 1, now: 10)
        board.setPid(4242, slot: 2)
        let worker = try Scoreboard(fileDescriptor: board.fileDescriptor)
        worker.heartbeat(slot: 2, now: 99)
        worker.requestStarted(slot: 2)
        worker.requestFinished(slot: 2)
        worker.addCounter(1, by: 7, slot: 2)
        worker.setState(.ready, slot: 2, now: 50)
        worker.setBootError("model not found", slot: 2)
        let slot = board.slot(2)
        #expect(slot.pid == 4242 && slot.generation == 5 && slot.position == 1)
        #expect(slot.state == .ready && slot.readyTime == 50 && slot.lastHeartbeat == 99)
        #expect(slot.requests == 1 && slot.inFlight == 0 && slot.counters == [0, 7, 0])
        #expect(slot.bootError == "model not found")
        #expect(board.snapshot().slots.map(\.slot) == [2])
    }

    @Test func totalsNeverGoDownWhenAWorkerIsRetired() throws {
        let board = try Scoreboard.create(slotCount: 2, counterCount: 1)
        board.resetSlot(0, generation: 0, position: 0, now: 1)
        for _ in 0..<3 { board.requestStarted(slot: 0); board.requestFinished(slot: 0) }
        board.addCounter(0, by: 4, slot: 0)
        let before = board.snapshot()
        board.retireSlot(0)
        let after = board.snapshot()
        #expect(after.slots.isEmpty)
        #expect(before.totalRequests == 3 && after.totalRequests == 3)
        #expect(after.total(counter: 0) == 4 && after.retiredWorkers == 1)
        board.retireSlot(0)
        #expect(board.snapshot().totalRequests == 3, "retiring an empty slot adds nothing")
    }

    @Test func aReaderFindsTheScoreboardOfAProcessByPid() throws {
        let board = try Scoreboard.create(slotCount: 3, counterCount: 2)
        board.resetSlot(1, generation: 0, position: 0, now: 1)
        let reader = try Scoreboard.open(supervisorPid: getpid())
        #expect(reader.layout == board.layout)
        #expect(reader.snapshot().slots.map(\.slot) == [1])
    }

    @Test func refusesADescriptorThatIsNotAScoreboard() throws {
        let fd = MemoryFile.create(name: "other")
        defer { close(fd) }
        #expect(ftruncate(fd, 4096) == 0)
        #expect(throws: ScoreboardError.self) { try Scoreboard(fileDescriptor: fd) }
    }

    @Test func restartsAreCountedBySupervisorAndSurviveRetiringSlots() throws {
        let board = try Scoreboard.create(slotCount: 2, counterCount: 1)
        board.resetSlot(0, generation: 0, position: 0, now: 1)
        board.countRestart(.crash)
        board.countRestart(.maxRequests)
        board.countRestart(.maxRequests)
        board.retireSlot(0)
        let restarts = board.snapshot().restarts
        #expect(restarts[.crash] == 1 && restarts[.maxRequests] == 2)
        #expect(restarts[.timeout] == 0 && restarts[.reload] == 0)
        #expect(board.load(1) == ScoreboardLayout.version && ScoreboardLayout.version == 4)
    }

    @Test func anAbandonedRequestLeavesFlightWithoutCountingAsServed() throws {
        let board = try Scoreboard.create(slotCount: 1, counterCount: 0)
        board.resetSlot(0, generation: 0, position: 0, now: 1)
        board.requestStarted(slot: 0)
        board.requestStarted(slot: 0)
        board.requestAbandoned(slot: 0)
        #expect(board.slot(0).inFlight == 1 && board.slot(0).requests == 0)
        board.requestFinished(slot: 0)
        #expect(board.slot(0).inFlight == 0 && board.slot(0).requests == 1)
    }

    @Test func theStoppingFlagTheSupervisorSetsIsSeenByEveryWorkerMapping() throws {
        let board = try Scoreboard.create(slotCount: 2, counterCount: 0)
        let worker = try Scoreboard(fileDescriptor: board.fileDescriptor)
        #expect(!board.isStopping && !worker.isStopping)
        board.resetSlot(1, generation: 1, position: 0, now: 1)
        #expect(!worker.isStopping)
        board.markStopping()
        #expect(worker.isStopping)
        board.resetSlot(0, generation: 2, position: 0, now: 2)
        #expect(worker.isStopping)
    }
}

@Suite struct ScoreboardReadingTests {
    @Test func readingsCoverEveryWorkerInTheScoreboardByPid() throws {
        let board = try Scoreboard.create(slotCount: 4, counterCount: 1)
        board.resetSlot(1, generation: 0, position: 0, now: 1)
        board.setPid(700, slot: 1)
        board.heartbeat(slot: 1, now: 2_500_000_000)
        board.requestStarted(slot: 1)
        board.requestFinished(slot: 1)
        board.resetSlot(3, generation: 1, position: 0, now: 1)
        board.setPid(701, slot: 3)
        board.resetSlot(2, generation: 0, position: 1, now: 1)
        board.setPid(702, slot: 2)
        board.retireSlot(2)
        #expect(board.workerReadings() == [
            700: WorkerReading(lastHeartbeat: 2.5, requests: 1),
            701: WorkerReading(lastHeartbeat: 0, requests: 0),
        ])
    }
}
