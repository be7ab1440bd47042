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
    /// Connections the worker holds open.
    public var connections: UInt64
    /// The worker's event loops (0 until it reports them).
    public var eventLoops: Int
    /// The share of the worker's event-loop time spent running or ready to run over the last 10 s
    /// and the last minute (or since it started, when younger), as the supervisor last measured it.
    public var busyShort: Double
    public var busyLong: Double
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
    /// Connections waiting in the shared listening sockets' accept queues, and the queues' limit;
    /// nil when no shared socket reports one (Unix sockets, `reuse_port`).
    public var acceptQueue: ListeningSocket.AcceptQueue?
    /// The CPUs the server may use, as its supervisor last measured them; 0 before it did.
    public var cpus: Int
    /// Autoscaling's bounds and the count in force; nil when it is off.
    public var autoscaling: AutoscalingBounds? = nil
    /// False when the retire sequence never read even and unchanged across the copy (a worker
    /// scribbled over it, or a retire was caught in the middle every time): the figures may then
    /// count an exited worker twice or not at all.
    public var isConsistent = true

    /// Requests served by every worker, live or exited; never goes down. Sums wrap rather than
    /// trap, since any worker can write any value into its slot.
    public var totalRequests: UInt64 { slots.reduce(retiredRequests) { $0 &+ $1.requests } }

    /// One application counter summed over live slots and exited workers (wrapping, as `totalRequests`).
    public func total(counter: Int) -> UInt64 {
        slots.reduce(retiredCounters[counter]) { $0 &+ $1.counters[counter] }
    }
}

extension Scoreboard {
    /// Reads one slot.
    public func slot(_ slot: Int) -> WorkerSlotSnapshot {
        func field(_ field: ScoreboardField) -> UInt64 { load(layout.slotWord(slot, field)) }
        return WorkerSlotSnapshot(
            slot: slot,
            pid: Int32(truncatingIfNeeded: field(.pid)),
            generation: Int(truncatingIfNeeded: field(.generation)),
            position: Int(truncatingIfNeeded: field(.position)),
            state: WorkerSlotState(rawValue: field(.state)) ?? .empty,
            spawnTime: field(.spawnTime),
            readyTime: field(.readyTime),
            lastHeartbeat: field(.lastHeartbeat),
            requests: field(.requests),
            inFlight: field(.inFlight),
            connections: field(.connections),
            eventLoops: Int(truncatingIfNeeded: field(.eventLoops)),
            busyShort: Double(min(field(.busyShort), 1000)) / 1000,
            busyLong: Double(min(field(.busyLong), 1000)) / 1000,
            bootError: loadText(atWord: layout.slotBootErrorWord(slot), bytes: ScoreboardLayout.bootErrorBytes),
            counters: (0..<layout.counterCount).map { load(layout.slotCounterWord(slot, $0)) })
    }

    /// How many times `snapshot()` reads the scoreboard before it settles for a copy that may be torn.
    static let snapshotAttempts = 1000

    /// Reads every non-empty slot and the retired totals.
    ///
    /// Reads again when the supervisor retired a slot meanwhile, so an exited worker's counts
    /// are never seen twice (in its slot and in the retired totals) or not at all; after
    /// `snapshotAttempts` reads that never agree it returns the last one marked inconsistent,
    /// so a worker that leaves the retire sequence odd cannot hang the reader.
    public func snapshot() -> ScoreboardSnapshot {
        var attempt = 1
        while true {
            let sequence = load(ScoreboardLayout.retireSequenceWord)
            var snapshot = ScoreboardSnapshot(
                slots: (0..<layout.slotCount).filter { load(layout.slotWord($0, .state)) != WorkerSlotState.empty.rawValue }.map { slot($0) },
                retiredRequests: load(layout.retiredRequestsWord),
                retiredWorkers: load(layout.retiredWorkersWord),
                retiredCounters: (0..<layout.counterCount).map { load(layout.retiredCounterWord($0)) },
                restarts: Dictionary(uniqueKeysWithValues: WorkerRestartReason.allCases.map { ($0, load(layout.restartsWord($0))) }),
                acceptQueue: acceptQueue,
                cpus: Int(truncatingIfNeeded: load(layout.cpusWord)),
                autoscaling: AutoscalingBounds(word: load(layout.autoscalingWord)))
            if sequence % 2 == 0, load(ScoreboardLayout.retireSequenceWord) == sequence { return snapshot }
            guard attempt < Self.snapshotAttempts else {
                snapshot.isConsistent = false
                return snapshot
            }
            attempt += 1
            sched_yield()
        }
    }
}

extension Scoreboard {
    /// The accept queue the supervisor last published, nil when it has none to report.
    var acceptQueue: ListeningSocket.AcceptQueue? {
        let limit = Int(truncatingIfNeeded: load(ScoreboardLayout.acceptQueueLimitWord))
        guard limit > 0 else { return nil }
        return ListeningSocket.AcceptQueue(length: Int(truncatingIfNeeded: load(ScoreboardLayout.acceptQueueWord)), limit: limit)
    }
}

/// What `tagifai status` shows of autoscaling: `workers`...`workers_max` and the count in force.
public struct AutoscalingBounds: Sendable, Equatable {
    public var floor: Int
    public var ceiling: Int
    public var workers: Int

    public init(floor: Int, ceiling: Int, workers: Int) {
        self.floor = floor
        self.ceiling = ceiling
        self.workers = workers
    }

    /// The bounds in a scoreboard word; nil for 0 (autoscaling off).
    init?(word: UInt64) {
        guard word != 0 else { return nil }
        self.init(floor: Int(word & 0xFFFFF), ceiling: Int(word >> 20 & 0xFFFFF), workers: Int(word >> 40 & 0xFFFFF))
    }
}
