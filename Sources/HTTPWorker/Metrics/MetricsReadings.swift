/// The whole server's figures at one moment, as `/metrics` renders them.
public struct MetricsReadings: Sendable, Equatable {
    /// Each counter summed over every worker, live or gone (so it never goes down), by counter number.
    public var counterTotals: [UInt64]
    /// Requests being handled by all workers.
    public var inFlight: UInt64
    /// Workers by state (`booting`, `ready`, `draining`), in the order they are listed.
    public var workersByState: [(state: String, count: Int)]
    /// Workers replaced, by why, in the order they are listed; never goes down.
    public var restartsByReason: [(reason: String, count: UInt64)]
    /// Resident memory of each live worker, by its slot.
    public var residentBytesBySlot: [(slot: Int, bytes: UInt64)]
    /// Each live worker's busy share over 10 s and 1 min, and the connections it holds, by its slot.
    public var busyBySlot: [(slot: Int, short: Double, long: Double)]
    public var connectionsBySlot: [(slot: Int, count: UInt64)]
    /// Connections waiting in the listening sockets' accept queues, and their limit; nil when unknown.
    public var acceptQueue: (length: Int, limit: Int)?
    /// The fewest and the most workers autoscaling may run (`workers` and `workers_max`); nil when it is off.
    public var workerBounds: (floor: Int, max: Int)?

    public init(
        counterTotals: [UInt64], inFlight: UInt64, workersByState: [(state: String, count: Int)],
        restartsByReason: [(reason: String, count: UInt64)], residentBytesBySlot: [(slot: Int, bytes: UInt64)],
        busyBySlot: [(slot: Int, short: Double, long: Double)] = [], connectionsBySlot: [(slot: Int, count: UInt64)] = [],
        acceptQueue: (length: Int, limit: Int)? = nil, workerBounds: (floor: Int, max: Int)? = nil
    ) {
        self.counterTotals = counterTotals
        self.inFlight = inFlight
        self.workersByState = workersByState
        self.restartsByReason = restartsByReason
        self.residentBytesBySlot = residentBytesBySlot
        self.busyBySlot = busyBySlot
        self.connectionsBySlot = connectionsBySlot
        self.acceptQueue = acceptQueue
        self.workerBounds = workerBounds
    }

    /// One counter's total; 0 for a counter beyond the store's.
    public func total(counter: Int) -> UInt64 {
        counter < counterTotals.count ? counterTotals[counter] : 0
    }

    public static func == (lhs: MetricsReadings, rhs: MetricsReadings) -> Bool {
        lhs.counterTotals == rhs.counterTotals && lhs.inFlight == rhs.inFlight
            && lhs.workersByState.elementsEqual(rhs.workersByState) { $0 == $1 }
            && lhs.restartsByReason.elementsEqual(rhs.restartsByReason) { $0 == $1 }
            && lhs.residentBytesBySlot.elementsEqual(rhs.residentBytesBySlot) { $0 == $1 }
            && lhs.busyBySlot.elementsEqual(rhs.busyBySlot) { $0 == $1 }
            && lhs.connectionsBySlot.elementsEqual(rhs.connectionsBySlot) { $0 == $1 }
            && lhs.acceptQueue.map { [$0.length, $0.limit] } == rhs.acceptQueue.map { [$0.length, $0.limit] }
            && lhs.workerBounds.map { [$0.floor, $0.max] } == rhs.workerBounds.map { [$0.floor, $0.max] }
    }
}
