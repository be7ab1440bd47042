import Glibc
import Testing
@testable import Prefork

/// A worker can write anything anywhere in the scoreboard it maps; the supervisor reading it
/// must neither hang, trap nor fault.
@Suite(.serialized) struct ScoreboardGarbageTests {
    /// Fills `words` words of the region from `word` with pseudo-random garbage, through a
    /// mapping of the worker's own.
    private func scribble(over board: Scoreboard, fromWord word: Int, words: Int, seed: UInt64) throws {
        let worker = try Scoreboard(fileDescriptor: board.fileDescriptor)
        var state = seed
        for index in word..<(word + words) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            worker.store(state | 1, at: index)
        }
    }

    @Test func anOddRetireSequenceMakesTheSnapshotInconsistentInsteadOfSpinning() throws {
        let board = try Scoreboard.create(slotCount: 2, counterCount: 1)
        board.resetSlot(0, generation: 0, position: 0, now: 1)
        board.requestStarted(slot: 0)
        board.requestFinished(slot: 0)
        #expect(board.snapshot().isConsistent)
        try Scoreboard(fileDescriptor: board.fileDescriptor).store(7, at: ScoreboardLayout.retireSequenceWord)
        let snapshot = board.snapshot()
        #expect(!snapshot.isConsistent)
        #expect(snapshot.totalRequests == 1)
        board.retireSlot(0)
        #expect(board.snapshot().isConsistent, "retiring a slot mends the sequence")
        #expect(board.snapshot().totalRequests == 1)
    }

    @Test func garbageOverASlotLeavesTheSupervisorReading() throws {
        let board = try Scoreboard.create(slotCount: 3, counterCount: 4)
        for slot in 0..<3 { board.resetSlot(slot, generation: 0, position: slot, now: 1) }
        let layout = board.layout
        try scribble(over: board, fromWord: layout.slotWord(1, .pid), words: layout.slotStrideWords, seed: 1)
        try scribble(over: board, fromWord: 0, words: ScoreboardLayout.headerWords, seed: 2)
        // The slots the garbage missed read as they were written; the garbage slot reads as
        // whatever numbers it holds, never as a trap, and its text from its field's bytes alone
        // (each byte one character at most: bytes that are not UTF-8 read as U+FFFD).
        let snapshot = board.snapshot()
        let untouched = snapshot.slots.filter { $0.slot != 1 }
        #expect(untouched.map(\.slot) == [0, 2])
        #expect(untouched.map(\.position) == [0, 2])
        #expect(untouched.allSatisfy { $0.generation == 0 && $0.state == .booting && $0.requests == 0 && $0.counters == [0, 0, 0, 0] })
        let scribbled = board.slot(1)
        #expect(scribbled.bootError.unicodeScalars.count <= ScoreboardLayout.bootErrorBytes)
        #expect(snapshot.totalRequests == snapshot.slots.reduce(snapshot.retiredRequests) { $0 &+ $1.requests })
        board.retireSlot(1)
        #expect(board.snapshot().slots.map(\.slot) == [0, 2])
        board.resetSlot(1, generation: 1, position: 1, now: 2)
        let next = try Scoreboard(fileDescriptor: board.fileDescriptor)
        #expect(next.layout == layout, "the supervisor restores the header before a spawn")
    }

    @Test func sumsWrapInsteadOfTrapping() throws {
        let board = try Scoreboard.create(slotCount: 2, counterCount: 1)
        for slot in 0..<2 {
            board.resetSlot(slot, generation: 0, position: slot, now: 1)
            board.store(.max, at: board.layout.slotWord(slot, .requests))
            board.store(.max, at: board.layout.slotCounterWord(slot, 0))
        }
        #expect(board.snapshot().totalRequests == UInt64.max &- 1)
        #expect(board.snapshot().total(counter: 0) == UInt64.max &- 1)
    }

    @Test func aWorkerCannotResizeTheRegion() throws {
        let board = try Scoreboard.create(slotCount: 2, counterCount: 1)
        let worker = try Scoreboard(fileDescriptor: board.fileDescriptor)
        #expect(ftruncate(worker.fileDescriptor, 0) == -1 && errno == EPERM)
        #expect(ftruncate(worker.fileDescriptor, off_t(board.layout.byteCount * 2)) == -1 && errno == EPERM)
        board.resetSlot(1, generation: 0, position: 0, now: 1)
        #expect(board.snapshot().slots.map(\.slot) == [1])
    }

    @Test func aHeaderThatClaimsHugeCountsIsRefusedByAReader() throws {
        let board = try Scoreboard.create(slotCount: 2, counterCount: 1)
        board.store(.max, at: 2)
        #expect(throws: ScoreboardError.self) { try Scoreboard(fileDescriptor: board.fileDescriptor) }
        board.store(1, at: 2)
        board.store(1 << 62, at: 3)
        #expect(throws: ScoreboardError.self) { try Scoreboard(fileDescriptor: board.fileDescriptor) }
    }
}
