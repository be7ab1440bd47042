/// What the arbiter asks the POSIX layer to do; the layer carries these out in order.
public enum ArbiterAction: Sendable, Equatable {
    /// Reset the scoreboard slot and start a worker in it.
    case spawn(WorkerSpec)
    /// Send a signal to a worker.
    case signal(pid: Int32, ProcessSignal)
    /// Fold an exited worker's counters into the retired totals and free its scoreboard slot.
    case releaseSlot(Int)
    /// Count a worker replacement in the scoreboard's restart totals.
    case countRestart(WorkerRestartReason)
    /// Close the supervisor's copy of the reuse-port sockets of a position that is gone for good;
    /// its last worker, already sent TERM, drains their queues before it closes them.
    case closeSocket(position: Int)
    /// Publish in the scoreboard that the server is stopping, before any worker is told to:
    /// every worker's readiness check fails from then on, while they finish their requests.
    case markStopping
    /// Tell systemd (when `NOTIFY_SOCKET` is set).
    case notify(SupervisorNotification)
    /// Write a line to the error log.
    case log(LogLevel, String)
    /// Load the config again, keep its payload for the workers of `generation` (the number the
    /// new generation gets if the arbiter starts it), and answer with `reloadLoaded` or `reloadFailed`.
    case reload(generation: Int)
    /// Close the config payload of a generation that has no worker left and will get no new one.
    case releasePayload(generation: Int)
    /// Reopen the log files (logrotate).
    case reopenLogs
    /// Start a new supervisor from the binary on disk, handing it the listening sockets.
    case reexec
    /// Leave the run loop with this exit status.
    case exit(Int32)
}

/// One worker to start.
public struct WorkerSpec: Sendable, Equatable, Hashable {
    /// Scoreboard slot the worker writes.
    public var slot: Int
    /// Generation (0 at start, +1 per reload) whose config payload the worker gets.
    public var generation: Int
    /// The worker's place among `workers` (0..<workers); with reuse_port it selects the socket.
    public var position: Int

    public init(slot: Int, generation: Int, position: Int) {
        self.slot = slot
        self.generation = generation
        self.position = position
    }
}

/// The systemd states the supervisor reports (sd_notify).
public enum SupervisorNotification: Sendable, Equatable {
    /// `READY=1`: the generation is accepting.
    case ready
    /// `RELOADING=1` with `MONOTONIC_USEC`.
    case reloading
    /// `STOPPING=1`.
    case stopping
}
