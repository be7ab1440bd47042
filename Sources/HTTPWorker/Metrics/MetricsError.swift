/// Why the metrics could not be set up in a worker.
public enum MetricsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The route and application counters need more room than each scoreboard slot has.
    case scoreboardTooSmall(needed: Int, available: Int)

    public var description: String {
        switch self {
        case .scoreboardTooSmall(let needed, let available):
            "metrics: the routes and application metrics need \(needed) scoreboard counters per worker, "
                + "the supervisor made \(available); start the supervisor with "
                + "counterCount: ServerMetrics.scoreboardCounters, or set metrics: false"
        }
    }
}
