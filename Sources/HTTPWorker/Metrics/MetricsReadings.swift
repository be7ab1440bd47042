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

    public init(
        counterTotals: [UInt64], inFlight: UInt64, workersByState: [(state: String, count: Int)],
        restartsByReason: [(reason: String, count: UInt64)], residentBytesBySlot: [(slot: Int, bytes: UInt64)]
    ) {
        self.counterTotals = counterTotals
        self.inFlight = inFlight
        self.workersByState = workersByState
        self.restartsByReason = restartsByReason
        self.residentBytesBySlot = residentBytesBySlot
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
    }
}
