/// The supervisor's decisions as a plain state machine: events in, actions out, no syscalls.
///
/// `handle(_:now:)` takes one `ArbiterEvent` (a signal, a child exit, a worker ready, a tick, a
/// control command) with the current monotonic time in seconds and returns the actions the POSIX
/// layer must carry out, in the style of swift-service-lifecycle's state machines, so that every
/// decision can be unit-tested without processes. The other members only read.
public struct Arbiter: Sendable {
    /// Where the supervisor is in its life.
    public enum Phase: Sendable, Equatable {
        /// The first generation is starting; a boot failure now stops the supervisor.
        case booting
        /// Every position has been served at least once.
        case running
        /// Stopping after TERM (graceful) or INT/QUIT (fast); exits when no worker is left.
        case stopping(graceful: Bool)
        /// A first-generation worker could not boot; exits with this status once workers are reaped.
        case halting(Int32)
    }

    /// The exit status a worker uses after `reportBootFailure` (gunicorn's WORKER_BOOT_ERROR).
    public static let bootFailureExitStatus: Int32 = 3
    /// Crashes before ready after which a first-generation position gives up and the supervisor exits.
    public static let firstBootAttempts = 5

    struct PendingSpawn: Sendable, Equatable {
        var notBefore: Double
        var preferredSlot: Int?
    }

    /// The settings in force (those of the newest generation during a reload).
    public internal(set) var settings: ArbiterSettings
    /// The generation new workers belong to.
    public internal(set) var generation = 0
    public internal(set) var phase = Phase.booting
    /// The newest generation number handed out: one that could not boot keeps its number, so the
    /// next reload takes the one after it.
    var lastGeneration = 0
    var workers: [Int32: WorkerRecord] = [:]
    /// Workers asked for by a `spawn` action whose pid no `spawned` event has given yet.
    var launching: [Int: WorkerRecord] = [:]
    var pending: [Int: PendingSpawn] = [:]
    var failures: [Int: Int] = [:]
    var bootErrors: [Int32: String] = [:]
    var reload = ReloadState.idle
    /// Positions that have had a worker and whose sockets are still open.
    var openPositions: Set<Int> = []
    /// Who set `settings.workers` when it is not the config's count: `TTIN`, `TTOU` or `ctl workers`.
    /// A reload takes the config's count again and says so in the log when it replaces this one.
    var countSetBy: String?
    /// Generations whose config payload the supervisor may hold: the first, and each a `reload` action
    /// named, until a `releasePayload` action lets it go.
    var payloadGenerations: Set<Int> = [0]
    var random: any RandomNumberGenerator & Sendable
    /// The windows and cool-down of autoscaling, while `settings.autoscaling` is set.
    var autoscaler: WorkerAutoscaler?

    /// An arbiter that has not started anything yet; `random` draws the `max_requests_jitter`
    /// of each worker (tests pass a seeded generator to make it reproducible).
    public init(settings: ArbiterSettings, random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()) {
        self.settings = settings
        self.random = random
        self.autoscaler = settings.autoscaling.map(WorkerAutoscaler.init(limits:))
    }

    /// Whether `count` workers fit the scoreboard this supervisor was started with (1...`maxWorkers`):
    /// the one check of the worker-count ceiling, for TTIN, TTOU, `ctl workers` and a reload.
    func fitsCeiling(_ count: Int) -> Bool { (1...settings.maxWorkers).contains(count) }

    /// Scoreboard slots the arbiter may hand out.
    public var slotCapacity: Int { settings.slotCapacity }

    /// Pids of the workers still alive, for status output and tests.
    public var livePids: [Int32] { workers.keys.sorted() }

    /// The spec of a live worker.
    public func spec(of pid: Int32) -> WorkerSpec? { workers[pid]?.spec }

    /// Whether a reload is under way (config being loaded or new generation booting).
    public var isReloading: Bool { reload != .idle }

    /// Brings the workers in line with the settings, one named step after another: every
    /// position gets one current-generation worker, and what is surplus or superseded is drained.
    mutating func reconcile(now: Double) -> [ArbiterAction] {
        guard phase == .booting || phase == .running else { return [] }
        dropSurplusPending()
        retireSurplusPositions()
        var actions = spawnMissing(now: now)
        actions += finishBootIfServed()
        actions += finishReloadIfServed()
        if reload.replacing == nil {
            retireOldGeneration()
            actions += drainRetiring(now: now)
        }
        return actions + closeAbandonedPositions()
    }

    /// Forgets planned spawns for positions beyond `workers`.
    private mutating func dropSurplusPending() {
        for position in pending.keys where position >= settings.workers {
            pending[position] = nil
        }
    }

    /// Marks the workers of positions beyond `workers` for draining.
    private mutating func retireSurplusPositions() {
        for (pid, worker) in workers where worker.holdsPosition && worker.spec.position >= settings.workers {
            workers[pid]?.state = .retiring
        }
    }

    /// Spawns a current-generation worker for each position that has none, once its backoff is over.
    private mutating func spawnMissing(now: Double) -> [ArbiterAction] {
        var actions: [ArbiterAction] = []
        for position in 0..<settings.workers where !isHeld(position) {
            actions += spawnIfDue(position: position, now: now)
        }
        return actions
    }

    /// Ends the first generation's boot once every position is served: by a worker reporting
    /// ready, or by TTOU or `ctl workers` retiring the positions still booting.
    private mutating func finishBootIfServed() -> [ArbiterAction] {
        guard phase == .booting, (0..<settings.workers).allSatisfy({ isAccepting($0) }) else { return [] }
        phase = .running
        return [.log(.info, "all \(settings.workers) worker(s) ready"), .notify(.ready)]
    }

    /// Ends a reload once every position of the new generation is served.
    private mutating func finishReloadIfServed() -> [ArbiterAction] {
        guard reload.replacing != nil, (0..<settings.workers).allSatisfy({ isAccepting($0) }) else { return [] }
        return finishReload()
    }

    /// Marks the workers of superseded generations for draining, counted as reload restarts.
    private mutating func retireOldGeneration() {
        for (pid, worker) in workers where worker.holdsPosition && worker.spec.generation != generation {
            workers[pid]?.state = .retiring
            if worker.spec.position < settings.workers { workers[pid]?.restartReason = .reload }
        }
    }

    /// Drains each retiring worker whose position is gone or served by its replacement.
    private mutating func drainRetiring(now: Double) -> [ArbiterAction] {
        var actions: [ArbiterAction] = []
        for (pid, worker) in workers.sorted(by: { $0.key < $1.key }) where worker.state == .retiring {
            let position = worker.spec.position
            if position >= settings.workers || isServed(position) {
                actions += drain(pid, now: now)
            }
        }
        return actions
    }

    /// Lets the supervisor close the payloads of generations no worker runs and none will be spawned for.
    mutating func releaseUnusedPayloads() -> [ArbiterAction] {
        let inUse = Set(workers.values.map(\.spec.generation) + launching.values.map(\.spec.generation) + [generation])
            .union(reload.loadingGeneration.map { [$0] } ?? [])
        let unused = payloadGenerations.subtracting(inUse)
        payloadGenerations.subtract(unused)
        return unused.sorted().map { .releasePayload(generation: $0) }
    }

    /// Closes the sockets of positions beyond `workers` once no worker serves them any more.
    ///
    /// Emitted when the last worker there is sent TERM, not when it exits: while the
    /// supervisor holds a reuse-port socket the kernel keeps queueing connections on it,
    /// so the worker must be the last holder and drain the queue itself before closing.
    private mutating func closeAbandonedPositions() -> [ArbiterAction] {
        var actions: [ArbiterAction] = []
        for position in openPositions.sorted() where position >= settings.workers {
            let inUse = launching.values.contains { $0.spec.position == position }
                || workers.values.contains { $0.spec.position == position && ($0.holdsPosition || $0.state == .retiring) }
            if !inUse {
                openPositions.remove(position)
                actions.append(.closeSocket(position: position))
            }
        }
        return actions
    }

    /// Whether a current-generation worker is booting or serving in this position.
    func isHeld(_ position: Int) -> Bool {
        launching.values.contains { $0.spec.position == position && $0.spec.generation == generation }
            || workers.values.contains { $0.spec.position == position && $0.spec.generation == generation && $0.holdsPosition }
    }

    /// Whether a current-generation worker accepts connections for this position: a ready one, or
    /// a retiring one until its replacement is ready. A boot or a reload ends when every position
    /// accepts; with a bound every worker passes as soon as it is ready (`max_worker_rss` below a
    /// fresh worker's size), positions retire and are replaced in turn, and would seldom all be
    /// ready at once.
    func isAccepting(_ position: Int) -> Bool {
        isServed(position) || workers.values.contains {
            $0.spec.position == position && $0.spec.generation == generation && $0.state == .retiring
        }
    }

    /// Whether a ready current-generation worker serves this position.
    func isServed(_ position: Int) -> Bool {
        workers.values.contains { $0.spec.position == position && $0.spec.generation == generation && $0.state == .ready }
    }

    private mutating func spawnIfDue(position: Int, now: Double) -> [ArbiterAction] {
        var actions: [ArbiterAction] = []
        if pending[position] == nil {
            actions += schedule(position: position, preferredSlot: nil, now: now)
        }
        guard let due = pending[position], due.notBefore <= now else { return actions }
        guard let slot = freeSlot(preferring: due.preferredSlot) else {
            return actions + [.log(.error, "no free scoreboard slot for position \(position): all \(slotCapacity) in use")]
        }
        pending[position] = nil
        let spec = WorkerSpec(slot: slot, generation: generation, position: position)
        var limit: UInt64?
        if settings.maxRequests > 0 {
            let jitter = settings.maxRequestsJitter > 0
                ? UInt64.random(in: 0...UInt64(settings.maxRequestsJitter), using: &random) : 0
            limit = UInt64(settings.maxRequests) + jitter
        }
        var lifetime: Double?
        if settings.maxWorkerLifetime > 0 {
            lifetime = settings.maxWorkerLifetime
                + (settings.maxWorkerLifetimeJitter > 0 ? Double.random(in: 0...settings.maxWorkerLifetimeJitter, using: &random) : 0)
        }
        launching[slot] = WorkerRecord(spec: spec, state: .booting, spawnedAt: now, requestLimit: limit, lifetimeLimit: lifetime)
        openPositions.insert(position)
        return actions + [.spawn(spec)]
    }

    /// Plans the next spawn in a position, after the backoff its recent crashes call for.
    mutating func schedule(position: Int, preferredSlot: Int?, now: Double) -> [ArbiterAction] {
        let delay = settings.restartDelay(afterFailures: failures[position, default: 0])
        pending[position] = PendingSpawn(notBefore: now + delay, preferredSlot: preferredSlot)
        guard delay > 0 else { return [] }
        return [.log(.warning, "position \(position) keeps crashing: restarting in \(formatted(delay)) s")]
    }

    private func freeSlot(preferring preferred: Int?) -> Int? {
        let used = Set(workers.values.map(\.spec.slot)).union(launching.keys)
        if let preferred, !used.contains(preferred) { return preferred }
        return (0..<slotCapacity).first { !used.contains($0) }
    }

    /// Sends SIGTERM to a worker and gives it `graceful_timeout` to finish.
    mutating func drain(_ pid: Int32, now: Double) -> [ArbiterAction] {
        workers[pid]?.state = .draining(killAt: now + settings.gracefulTimeout)
        return [.signal(pid: pid, .term)]
    }

    func describe(_ pid: Int32, _ worker: WorkerRecord) -> String {
        "worker pid \(pid) (slot \(worker.spec.slot), generation \(worker.spec.generation))"
    }
}

func formatted(_ seconds: Double) -> String {
    let tenths = (seconds * 10).rounded()
    return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
}
