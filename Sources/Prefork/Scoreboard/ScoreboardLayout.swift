/// The fixed, versioned byte layout of the scoreboard region, in 64-bit words.
///
/// Header (8 words): magic, layout version, slot count, counter count, the retire sequence
/// (odd while the supervisor folds a slot into the retired totals), the stopping flag (set
/// once the supervisor begins to stop), then the shared listening sockets' accept queue: its
/// length and its limit (0 when unknown), written by the supervisor.
/// Each slot: the fixed fields of `ScoreboardField`, a boot-error text, then
/// `counterCount` application counters. After the slots, the supervisor's area: requests and
/// exited workers folded in, restarts by `WorkerRestartReason`, the CPUs it may use, the autoscaling
/// bounds (0 when off), reserved words, then the
/// `counterCount` counters folded in from exited workers.
public struct ScoreboardLayout: Sendable, Equatable {
    /// "PREFORKS" in ASCII, so a reader can tell a scoreboard from any other memfd.
    public static let magic: UInt64 = 0x5052_4546_4F52_4B53
    /// Bumped whenever the layout changes; readers refuse other versions.
    public static let version: UInt64 = 4
    static let headerWords = 8
    static let retireSequenceWord = 4
    static let stoppingWord = 5
    static let acceptQueueWord = 6
    static let acceptQueueLimitWord = 7
    static let fixedSlotWords = 16
    /// Bytes of a slot's boot-error text, NUL-terminated.
    public static let bootErrorBytes = 256
    static let retiredFixedWords = 12

    public let slotCount: Int
    public let counterCount: Int

    public init(slotCount: Int, counterCount: Int) {
        self.slotCount = slotCount
        self.counterCount = counterCount
    }

    var slotStrideWords: Int { Self.fixedSlotWords + Self.bootErrorBytes / 8 + counterCount }
    var slotsOffsetWords: Int { Self.headerWords }
    var retiredOffsetWords: Int { slotsOffsetWords + slotCount * slotStrideWords }
    var totalWords: Int { retiredOffsetWords + Self.retiredFixedWords + counterCount }
    /// Size of the region in bytes.
    public var byteCount: Int { totalWords * 8 }

    func slotWord(_ slot: Int, _ field: ScoreboardField) -> Int {
        slotsOffsetWords + slot * slotStrideWords + field.rawValue
    }

    func slotBootErrorWord(_ slot: Int) -> Int {
        slotsOffsetWords + slot * slotStrideWords + Self.fixedSlotWords
    }

    func slotCounterWord(_ slot: Int, _ counter: Int) -> Int {
        slotBootErrorWord(slot) + Self.bootErrorBytes / 8 + counter
    }

    var retiredRequestsWord: Int { retiredOffsetWords }
    var retiredWorkersWord: Int { retiredOffsetWords + 1 }

    func restartsWord(_ reason: WorkerRestartReason) -> Int {
        retiredOffsetWords + 2 + reason.rawValue
    }

    /// The CPUs the supervisor may use (`CPUBudget.cpus`), which it publishes with the accept queue.
    var cpusWord: Int { retiredOffsetWords + 10 }

    /// Autoscaling's floor, ceiling and the count in force, 20 bits each (0 when autoscaling is off).
    var autoscalingWord: Int { retiredOffsetWords + 11 }

    func retiredCounterWord(_ counter: Int) -> Int {
        retiredOffsetWords + Self.retiredFixedWords + counter
    }
}

/// The fixed fields of a slot, by word index.
enum ScoreboardField: Int, CaseIterable {
    case pid = 0, generation, state, spawnTime, readyTime, lastHeartbeat, requests, inFlight, position
    /// Worker side: open connections; its number of event loops.
    case connections, eventLoops
    /// Supervisor side: the busy share of the worker's event loops over the last 10 s and 1 min, in
    /// thousandths.
    case busyShort, busyLong
}

/// A slot's lifecycle state as stored in the scoreboard.
public enum WorkerSlotState: UInt64, Sendable, Equatable, CustomStringConvertible {
    case empty = 0, booting, ready, draining

    public var description: String {
        switch self {
        case .empty: "empty"
        case .booting: "booting"
        case .ready: "ready"
        case .draining: "draining"
        }
    }
}
