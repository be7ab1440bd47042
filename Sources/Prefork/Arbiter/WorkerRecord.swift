/// What the arbiter knows of one live worker process.
struct WorkerRecord: Sendable, Equatable {
    enum State: Sendable, Equatable {
        /// Started, not yet ready.
        case booting
        /// Accepting and serving.
        case ready
        /// Serving until its replacement or new generation is ready, then drained.
        case retiring
        /// Sent SIGTERM; killed at the deadline.
        case draining(killAt: Double)
        /// Sent SIGABRT or SIGQUIT; killed at the deadline.
        case aborting(killAt: Double)
        /// Sent SIGKILL; waiting to be reaped.
        case killed
    }

    var spec: WorkerSpec
    var state: State
    var spawnedAt: Double
    var readyAt: Double?
    var requestLimit: UInt64?
    /// Seconds from ready after which the worker is retired (`max_worker_lifetime` plus its jitter).
    var lifetimeLimit: Double?
    /// Why the arbiter is replacing the worker, counted when it exits; nil for a stop or a scale-down.
    var restartReason: WorkerRestartReason?

    /// Whether the worker holds its position (booting or serving, not on its way out).
    var holdsPosition: Bool { state == .booting || state == .ready }

    /// Whether the arbiter itself is ending the worker (sent TERM, ABRT, QUIT or KILL), so its exit
    /// is not counted as a crash.
    var endedByArbiter: Bool {
        switch state {
        case .draining, .aborting, .killed: true
        case .booting, .ready, .retiring: false
        }
    }
}
