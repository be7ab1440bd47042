import HTTPWorker
import Prefork

/// A worker's metrics kept in its scoreboard slot and read from every slot, so `/metrics` on any
/// worker answers for the whole server.
public struct ScoreboardMetricsStore: MetricsStore {
    let scoreboard: Scoreboard
    let slot: Int
    let residentBytes: @Sendable (Int32) -> UInt64?

    /// The store of `slot`; `residentBytes` reads a worker's resident memory by pid.
    public init(
        scoreboard: Scoreboard, slot: Int,
        residentBytes: @escaping @Sendable (Int32) -> UInt64? = { ProcessMemory.residentBytes(of: $0) }
    ) {
        self.scoreboard = scoreboard
        self.slot = slot
        self.residentBytes = residentBytes
    }

    public var counterCount: Int { scoreboard.layout.counterCount }

    public func add(_ amount: UInt64, toCounter counter: Int) {
        scoreboard.addCounter(counter, by: amount, slot: slot)
    }

    public func readings() -> MetricsReadings {
        MetricsReadings(scoreboard.snapshot(), residentBytes: residentBytes)
    }
}

extension MetricsReadings {
    /// The figures of a scoreboard snapshot: counters over live slots and retired workers, workers by
    /// state and restarts by reason, the resident memory, busy shares and connections of each live
    /// worker by its slot, the accept queue, and autoscaling's bounds.
    public init(_ snapshot: ScoreboardSnapshot, residentBytes: (Int32) -> UInt64?) {
        self.init(
            counterTotals: (0..<snapshot.retiredCounters.count).map { snapshot.total(counter: $0) },
            inFlight: snapshot.slots.reduce(0) { $0 &+ $1.inFlight },
            workersByState: [WorkerSlotState.booting, .ready, .draining].map { state in
                (state.description, snapshot.slots.count { $0.state == state })
            },
            restartsByReason: WorkerRestartReason.allCases.map { ($0.description, snapshot.restarts[$0] ?? 0) },
            residentBytesBySlot: snapshot.slots.filter { $0.pid > 0 }.compactMap { slot in
                residentBytes(slot.pid).map { (slot.slot, $0) }
            },
            busyBySlot: snapshot.slots.filter { $0.pid > 0 }.map { ($0.slot, $0.busyShort, $0.busyLong) },
            connectionsBySlot: snapshot.slots.filter { $0.pid > 0 }.map { ($0.slot, $0.connections) },
            acceptQueue: snapshot.acceptQueue.map { ($0.length, $0.limit) },
            workerBounds: snapshot.autoscaling.map { ($0.floor, $0.ceiling) })
    }
}

extension MetricsRegistry {
    /// A registry whose counters this worker writes into `slot` of `scoreboard`.
    public convenience init(scoreboard: Scoreboard, slot: Int) {
        self.init(store: ScoreboardMetricsStore(scoreboard: scoreboard, slot: slot))
    }
}
