/// What an accepted control command set going, for the operator's answer.
public enum ArbiterCommandResult: Sendable, Equatable {
    /// `ctl workers`: the count from now on, the one before, and the count asked for when
    /// autoscaling's bounds clamped it.
    case workers(count: Int, previous: Int, clampedFrom: Int? = nil)
    /// `ctl recycle`: the worker that drains once its replacement is ready.
    case recycling(pid: Int32, slot: Int)
    /// `ctl reload`: the generation starting, and the one that drains once it is ready.
    case reloading(generation: Int, previous: Int)
    /// `ctl stop`: how, and the seconds a graceful stop gives the workers.
    case stopping(fast: Bool, gracefulTimeout: Double)
    /// `ctl reopen-logs`: the live workers told to reopen theirs.
    case reopeningLogs(workers: Int)
}
