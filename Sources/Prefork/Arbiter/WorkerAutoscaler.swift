/// Decides when an autoscaling supervisor (`workers_max`) runs one worker more or one fewer, from
/// what it measures once a second: the last second's busy share of each serving worker, the
/// connections waiting in the accept queue and the CPUs the server may use.
///
/// A value with no system calls, fed one `Reading` a second by the arbiter. Up: for `upSeconds`
/// in a row, a connection waits or the mean busy share is at least `busyHigh`, while a CPU has no
/// event loop on it, below `ceiling` and the scoreboard's capacity. Down: for `downSeconds` in a
/// row, no connection waits, the mean busy share is under `busyLow` and one worker fewer would
/// run under `busyAfterDown`, above `floor`. A single second that breaks a condition starts its
/// window again, so a noisy signal does not move the count; after any change (its own or an
/// operator's) the readings of `cooldown` seconds are ignored, so a new worker's boot, which
/// keeps the CPUs busy, does not bring a second one.
public struct WorkerAutoscaler: Sendable, Equatable {
    /// The bounds and windows, from the config.
    public struct Limits: Sendable, Equatable {
        /// The fewest workers: the config's `workers`.
        public var floor: Int
        /// The most workers: `workers_max`.
        public var ceiling: Int
        /// Seconds the load must call for one worker more (`scale_up_seconds`).
        public var upSeconds: Double
        /// Seconds the load must allow one worker fewer (`scale_down_seconds`).
        public var downSeconds: Double
        /// The mean busy share from which a worker is added: where `tagifai status` says saturated.
        public var busyHigh = SaturationVerdict.saturatedShare
        /// The mean busy share under which a worker may be retired.
        public var busyLow = 0.25
        /// The busy share the workers left after a retirement must stay under: the share the
        /// status verdict sizes an idle server for.
        public var busyAfterDown = SaturationVerdict.targetShare

        public init(floor: Int, ceiling: Int, upSeconds: Double, downSeconds: Double) {
            self.floor = floor
            self.ceiling = ceiling
            self.upSeconds = upSeconds
            self.downSeconds = downSeconds
        }

        /// Seconds after a change during which no reading counts: the up window again.
        public var cooldown: Double { upSeconds }
    }

    /// What the supervisor measured in the last second, for the workers now serving.
    public struct Reading: Sendable, Equatable {
        /// The worker count in force.
        public var workers: Int
        /// The busy share of each serving worker over the last sample (0...1).
        public var busy: [Double]
        /// Connections waiting in the accept queues.
        public var acceptQueue: Int
        /// CPUs the server may use (`CPUBudget`).
        public var cpus: Int
        /// Event loops the serving workers run together (`threads` each).
        public var eventLoops: Int
        /// The most workers the scoreboard holds.
        public var capacity: Int
        /// Seconds each busy share covers.
        public var span: Double

        public init(workers: Int, busy: [Double], acceptQueue: Int, cpus: Int, eventLoops: Int, capacity: Int, span: Double = 1) {
            self.workers = workers
            self.busy = busy
            self.acceptQueue = acceptQueue
            self.cpus = cpus
            self.eventLoops = eventLoops
            self.capacity = capacity
            self.span = span
        }

        /// The mean busy share of the serving workers.
        public var meanBusy: Double { busy.isEmpty ? 0 : busy.reduce(0, +) / Double(busy.count) }
    }

    /// One worker more or fewer, with the figures behind it for the log.
    public enum Decision: Sendable, Equatable {
        case up(to: Int, why: String)
        case down(to: Int, why: String)
    }

    public let limits: Limits
    /// When the current run of seconds calling for one worker more began.
    private(set) var upSince: Double?
    /// When the current run of seconds allowing one worker fewer began.
    private(set) var downSince: Double?
    /// No reading counts before this time (after a change).
    private(set) var quietUntil = -Double.infinity
    private var lastReading: Double?

    public init(limits: Limits) {
        self.limits = limits
    }

    /// The count bounds an operator's TTIN, TTOU or `ctl workers` are clamped to.
    public var bounds: ClosedRange<Int> { limits.floor...max(limits.floor, limits.ceiling) }

    /// Takes the last second's reading; returns a decision when a window is full.
    public mutating func decide(_ reading: Reading, now: Double) -> Decision? {
        defer { lastReading = now }
        let gap = lastReading.map { now - $0 > 2.5 * reading.span } ?? false
        // A sample counts only when the whole second it covers is past the cool-down.
        guard now - reading.span >= quietUntil - 1e-6, !gap, !reading.busy.isEmpty else {
            hold()
            return nil
        }
        let busy = reading.meanBusy
        let n = Double(reading.workers)
        let afterDown = reading.workers > 1 ? busy * n / (n - 1) : .infinity
        let pressed = reading.acceptQueue > 0 || busy >= limits.busyHigh
        let relaxed = reading.acceptQueue == 0 && busy < limits.busyLow && afterDown < limits.busyAfterDown
        upSince = pressed ? (upSince ?? now - reading.span) : nil
        downSince = relaxed ? (downSince ?? now - reading.span) : nil
        let cpus = "\(reading.cpus) CPU(s)"
        if let since = upSince, now - since >= limits.upSeconds - 1e-6,
           reading.workers < min(limits.ceiling, reading.capacity), reading.eventLoops < reading.cpus {
            let held = formatted(now - since)
            let why = reading.acceptQueue > 0
                ? "accept queue \(reading.acceptQueue) for \(held) s, busy \(Self.percent(busy)), \(cpus)"
                : "busy \(Self.percent(busy)) for \(held) s, accept queue 0, \(cpus)"
            changed(now: now)
            return .up(to: reading.workers + 1, why: why)
        }
        if let since = downSince, now - since >= limits.downSeconds - 1e-6, reading.workers > limits.floor {
            let why = "busy \(Self.percent(busy)) for \(formatted(now - since)) s, "
                + "\(reading.workers - 1) would run at \(Self.percent(afterDown))"
            changed(now: now)
            return .down(to: reading.workers - 1, why: why)
        }
        return nil
    }

    /// The count changed (a decision, TTIN, TTOU, `ctl workers`): readings count again after the cool-down.
    public mutating func changed(now: Double) {
        hold()
        quietUntil = now + limits.cooldown
    }

    /// The workers are not steady (booting, draining, reloading): both windows start again.
    public mutating func hold() {
        upSince = nil
        downSince = nil
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
