/// Everything that can happen to the supervisor, as the arbiter takes it: the one way into
/// `Arbiter.handle(_:now:)`.
///
/// The supervisor's loop turns what it reads (its signal pipe, the workers' status pipe, `waitpid`,
/// the scoreboard, the control socket) into these. The results of carrying out an action (a spawned
/// pid, a loaded config) are events too: the supervisor queues them while it performs an action list
/// and hands them over once the list is done, so performing never re-enters the arbiter.
public enum ArbiterEvent: Sendable, Equatable {
    /// The supervisor is set up: start the first generation.
    case start
    /// A signal delivered to the supervisor.
    case signal(ProcessSignal)
    /// The periodic check (at least every 100 ms) with what the scoreboard says of each worker, by
    /// pid: heartbeats, deadlines, `max_requests`, backoff.
    case tick(readings: [Int32: WorkerReading])
    /// The worker of a `spawn` action started with this pid.
    case spawned(slot: Int, pid: Int32)
    /// The worker of a `spawn` action could not be started.
    case spawnFailed(slot: Int, message: String)
    /// A worker reported on the status pipe that it is accepting.
    case workerReady(pid: Int32)
    /// A worker reported on the status pipe that it cannot boot; it exits next.
    case workerBootFailed(pid: Int32, message: String)
    /// `waitpid` reaped a child.
    case childExited(pid: Int32, exit: ProcessExit)
    /// A `reload` action loaded these settings (its payload is stored under the generation it named).
    case reloadLoaded(ArbiterSettings)
    /// A `reload` action could not load the config.
    case reloadFailed(message: String)
    /// Once a second while autoscaling (`workers_max`): the load the supervisor measured.
    case load(WorkerLoad)
    /// A `tagifai ctl` command, answered in the outcome's `reply`.
    case control(ArbiterCommand)
}
