import Foundation
import Glibc
@testable import Prefork

/// Writes garbage over this worker's scoreboard slot, leaves the retire sequence odd and tries to
/// shrink the region, as a buggy or hostile worker could (`scribble_scoreboard`); says so on stderr.
func scribble(over board: Scoreboard, slot: Int) {
    var state = UInt64(UInt32(bitPattern: getpid()))
    let first = board.layout.slotWord(slot, .pid)
    for word in first..<(first + board.layout.slotStrideWords) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        board.store(state, at: word)
    }
    board.store(state | 1, at: ScoreboardLayout.retireSequenceWord)
    let truncated = ftruncate(board.fileDescriptor, 0) == 0
    FileHandle.standardError.write(Data("worker \(getpid()) scribbled over slot \(slot); truncate \(truncated ? "succeeded" : "refused")\n".utf8))
}
