/// Measures each worker's busy share over the last sample, a short and a long window, for the supervisor to
/// publish in the scoreboard: the time its threads ran or waited for a CPU, over the time its
/// event loops had (`ProcessSchedule`).
///
/// The scheduler only adds that time up; the share over a window needs the sum at the window's
/// start, so the supervisor keeps one sample a second per worker for the long window. A worker
/// younger than a window is measured since its first sample.
public struct BusySampler: Sendable {
    /// The windows, in seconds: 10 s and 1 min.
    public static let shortWindow = 10.0
    public static let longWindow = 60.0
    /// Seconds between two samples of a worker.
    public static let interval = 1.0

    struct Sample: Sendable {
        var time: Double
        var busyNanos: UInt64
    }

    private var samples: [Int32: [Sample]] = [:]
    private var lastSampled = -Double.infinity

    public init() {}

    /// Samples every live worker at most once per `interval`, its busy time read by `busyNanos`,
    /// and returns the busy shares to publish, by slot: since the sample before (`last`, what
    /// autoscaling judges), over 10 s and over 1 min; nil when the last sample is more recent
    /// than `interval`.
    public mutating func update(
        now: Double, slots readSlots: () -> [WorkerSlotSnapshot], busyNanos: (Int32) -> UInt64?
    ) -> [Int: (last: Double, short: Double, long: Double)]? {
        guard now - lastSampled >= Self.interval else { return nil }
        lastSampled = now
        var shares: [Int: (last: Double, short: Double, long: Double)] = [:]
        var kept: [Int32: [Sample]] = [:]
        for slot in readSlots() where slot.pid != 0 {
            guard let busy = busyNanos(slot.pid) else { continue }
            var history = samples[slot.pid] ?? []
            history.append(Sample(time: now, busyNanos: busy))
            history.removeAll { $0.time < now - Self.longWindow - Self.interval / 2 }
            kept[slot.pid] = history
            let loops = Double(max(slot.eventLoops, 1))
            shares[slot.slot] = (Self.share(history, window: Self.interval, loops: loops),
                                 Self.share(history, window: Self.shortWindow, loops: loops),
                                 Self.share(history, window: Self.longWindow, loops: loops))
        }
        samples = kept
        return shares
    }

    /// The busy share between the oldest sample inside `window` and the newest; 0 with one sample.
    static func share(_ history: [Sample], window: Double, loops: Double) -> Double {
        guard let last = history.last,
              let first = history.first(where: { $0.time >= last.time - window - interval / 2 }),
              last.time > first.time else { return 0 }
        let busy = Double(last.busyNanos &- first.busyNanos) / 1e9
        return min(max(busy / ((last.time - first.time) * loops), 0), 1)
    }
}
