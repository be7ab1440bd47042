/// The numbers the arbiter decides by, taken from a `ServerConfig`.
public struct ArbiterSettings: Sendable, Equatable {
    /// Worker processes to keep running.
    public var workers: Int
    /// Seconds of heartbeat silence before a worker is aborted.
    public var timeout: Double
    /// Seconds between SIGABRT and SIGKILL for a silent worker, so it can dump state.
    public var abortGrace: Double
    /// Seconds a draining worker has before SIGKILL.
    public var gracefulTimeout: Double
    /// Seconds between SIGQUIT and SIGKILL in a fast stop.
    public var fastStopGrace: Double
    /// Requests after which a worker is retired; 0 disables.
    public var maxRequests: Int
    /// Random extra requests, 0...this, added to `maxRequests` per worker.
    public var maxRequestsJitter: Int
    /// Resident bytes past which a ready worker is retired; 0 disables.
    public var maxWorkerRSS: UInt64
    /// Seconds a worker serves, from ready, before it is retired; 0 disables.
    public var maxWorkerLifetime: Double
    /// Random extra seconds, 0...this, added to `maxWorkerLifetime` per worker.
    public var maxWorkerLifetimeJitter: Double
    /// First delay before restarting a slot that crashed twice in a row right after boot.
    public var backoffInitial: Double
    /// Longest restart delay.
    public var backoffCap: Double
    /// Seconds a worker must stay ready for its position's crash count to be forgotten.
    ///
    /// Short, so that only a worker dying almost as soon as it serves (a crash loop) is backed off,
    /// not one killed from outside after serving for a second or more.
    public var stableAfter: Double
    /// The bounds and windows of autoscaling (`workers_max`); nil keeps `workers` fixed.
    public var autoscaling: WorkerAutoscaler.Limits?
    /// Most workers `TTIN` or a reload may ask for; the scoreboard holds twice this plus a margin.
    public var maxWorkers: Int

    /// Settings from a config; `cpus` resolves `workers: auto`.
    public init(config: ServerConfig, cpus: Int, maxWorkers: Int? = nil) {
        workers = config.workers.resolved(cpus: cpus)
        timeout = Double(config.timeout)
        abortGrace = min(5, max(1, Double(config.timeout) / 2))
        gracefulTimeout = Double(config.gracefulTimeout)
        fastStopGrace = 1
        maxRequests = config.maxRequests
        maxRequestsJitter = config.maxRequestsJitter
        maxWorkerRSS = UInt64(config.maxWorkerRSS) * 1_048_576
        maxWorkerLifetime = Double(config.maxWorkerLifetime)
        maxWorkerLifetimeJitter = Double(config.maxWorkerLifetimeJitter)
        backoffInitial = 0.25
        backoffCap = 16
        stableAfter = 1
        if config.workersMax > 0 {
            autoscaling = WorkerAutoscaler.Limits(
                floor: workers, ceiling: max(workers, config.workersMax),
                upSeconds: Double(config.scaleUpSeconds), downSeconds: Double(config.scaleDownSeconds))
        }
        self.maxWorkers = maxWorkers ?? max(32, 4 * workers, config.workersMax)
    }

    /// Scoreboard slots needed: every worker of two overlapping generations, plus retiring ones.
    public var slotCapacity: Int { 2 * maxWorkers + 4 }

    /// Delay before the restart that follows `failures` consecutive early crashes.
    public func restartDelay(afterFailures failures: Int) -> Double {
        guard failures > 1 else { return 0 }
        return min(backoffCap, backoffInitial * Double(1 << min(failures - 2, 30)))
    }
}
