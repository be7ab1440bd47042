import Glibc

/// A copy of one slot at a moment.
public struct WorkerSlotSnapshot: Sendable, Equatable {
    public var slot: Int
    public var pid: Int32
    public var generation: Int
    public var position: Int
    public var state: WorkerSlotState
    /// CLOCK_MONOTONIC nanoseconds.
    public var spawnTime: UInt64
    public var readyTime: UInt64
    public var lastHeartbeat: UInt64
    public var requests: UInt64
    public var inFlight: UInt64
    public var bootError: String
    public var counters: [UInt64]
}

/// A copy of the whole scoreboard: live slots and the totals of exited workers.
public struct ScoreboardSnapshot: Sendable, Equatable {
    /// Slots that are not empty.
    public var slots: [WorkerSlotSnapshot]
    public var retiredRequests: UInt64
    public var retiredWorkers: UInt64
    public var retiredCounters: [UInt64]
    /// Workers the supervisor replaced, by why; never goes down.
    public var restarts: [WorkerRestartReason: UInt64]

    /// Requests served by every worker, live or exited; never goes down.
    public var totalRequests: UInt64 { slots.reduce(retiredRequests) { $0 + $1.requests } }

    /// One application counter summed over live slots and exited workers.
    public func total(counter: Int) -> UInt64 {
        slots.reduce(retiredCounters[counter]) { $0 + $1.counters[counter] }
    }
}

extension Scoreboard {
    /// Reads one slot.
    public func slot(_ slot: Int) -> WorkerSlotSnapshot {
        func field(_ field: ScoreboardField) -> UInt64 { load(layout.slotWord(slot, field)) }
        return WorkerSlotSnapshot(
            slot: slot,
            pid: Int32(truncatingIfNeeded: field(.pid)),
            generation: Int(field(.generation)),
            position: Int(field(.position)),
            state: WorkerSlotState(rawValue: field(.state)) ?? .empty,
            spawnTime: field(.spawnTime),
            readyTime: field(.readyTime),
            lastHeartbeat: field(.lastHeartbeat),
            requests: field(.requests),
            inFlight: field(.inFlight),
            bootError: loadText(atWord: layout.slotBootErrorWord(slot), bytes: ScoreboardLayout.bootErrorBytes),
            counters: (0..<layout.counterCount).map { load(layout.slotCounterWord(slot, $0)) })
    }

    /// Reads every non-empty slot and the retired totals.
    ///
    /// Read again when the supervisor retired a slot meanwhile, so an exited worker's counts
    /// are never seen twice (in its slot and in the retired totals) or not at all.
    public func snapshot() -> ScoreboardSnapshot {
        while true {
            let sequence = load(ScoreboardLayout.retireSequenceWord)
            guard sequence % 2 == 0 else {
                sched_yield()
                continue
            }
            let snapshot = ScoreboardSnapshot(
                slots: (0..<layout.slotCount).filter { load(layout.slotWord($0, .state)) != WorkerSlotState.empty.rawValue }.map { slot($0) },
                retiredRequests: load(layout.retiredRequestsWord),
                retiredWorkers: load(layout.retiredWorkersWord),
                retiredCounters: (0..<layout.counterCount).map { load(layout.retiredCounterWord($0)) },
                restarts: Dictionary(uniqueKeysWithValues: WorkerRestartReason.allCases.map { ($0, load(layout.restartsWord($0))) }))
            if load(ScoreboardLayout.retireSequenceWord) == sequence { return snapshot }
        }
    }
}
