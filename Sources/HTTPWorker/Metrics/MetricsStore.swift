/// Where a worker keeps its metric counters, readable as the whole server's: with several worker
/// processes, shared memory every worker writes its own part of (a pre-fork supervisor's scoreboard
/// slot, bound to this protocol where the worker is started).
public protocol MetricsStore: Sendable {
    /// Counters this worker has room for, numbered from 0.
    var counterCount: Int { get }
    /// Adds `amount` to this worker's counter `counter`; it must not block.
    func add(_ amount: UInt64, toCounter counter: Int)
    /// The whole server's figures now: every worker's counters summed, and the workers themselves.
    func readings() -> MetricsReadings
}
