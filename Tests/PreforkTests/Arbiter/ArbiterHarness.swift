@testable import Prefork
import TestSupport

/// Drives an `Arbiter` the way the POSIX layer does, with made-up pids and a hand-moved clock.
struct ArbiterHarness {
    var arbiter: Arbiter
    var now = 1000.0
    var nextPid: Int32 = 100
    /// Every action returned so far, oldest first.
    var history: [ArbiterAction] = []
    /// Live worker pids by spec, as the POSIX layer would know them.
    var pids: [WorkerSpec: Int32] = [:]

    init(workers: Int = 2, configure: (inout ArbiterSettings) -> Void = { _ in }) {
        var config = ServerConfig()
        config.workers = .fixed(workers)
        config.timeout = 30
        config.gracefulTimeout = 30
        var settings = ArbiterSettings(config: config, cpus: 2)
        configure(&settings)
        arbiter = Arbiter(settings: settings, random: SeededRandom(seed: 0x5EED))
    }

    /// Spawns the POSIX layer fails (`spawnFailed`) before it starts workers again.
    var failingSpawns = 0

    /// Hands the arbiter an event at the harness's clock and plays the POSIX layer for what it
    /// decides, as the supervisor does: each spawn gets a fresh pid (or fails while `failingSpawns`
    /// lasts), and the actions those results bring are carried out too. The outcome holds every
    /// action, and the first answer to a control command among them.
    @discardableResult
    mutating func send(_ event: ArbiterEvent) -> ArbiterOutcome {
        var outcome = arbiter.handle(event, now: now)
        var queue = outcome.actions
        while !queue.isEmpty {
            var events: [ArbiterEvent] = []
            for case .spawn(let spec) in queue {
                if failingSpawns > 0 {
                    failingSpawns -= 1
                    events.append(.spawnFailed(slot: spec.slot, message: "fork failed"))
                } else {
                    pids[spec] = nextPid
                    events.append(.spawned(slot: spec.slot, pid: nextPid))
                    nextPid += 1
                }
            }
            queue = []
            for event in events {
                let next = arbiter.handle(event, now: now)
                queue += next.actions
                outcome.reply = outcome.reply ?? next.reply
            }
            outcome.actions += queue
        }
        history += outcome.actions
        return outcome
    }

    /// A control command: the actions it led to, or the refusal it was answered with.
    @discardableResult
    mutating func control(_ command: ArbiterCommand) throws(ControlRefusal) -> [ArbiterAction] {
        let outcome = send(.control(command))
        if case .failure(let refusal) = outcome.reply { throw refusal }
        return outcome.actions
    }

    @discardableResult mutating func start() -> [ArbiterAction] { send(.start).actions }

    @discardableResult mutating func ready(_ pid: Int32) -> [ArbiterAction] {
        send(.workerReady(pid: pid)).actions
    }

    @discardableResult mutating func bootFailed(_ pid: Int32, _ message: String) -> [ArbiterAction] {
        send(.workerBootFailed(pid: pid, message: message)).actions
    }

    @discardableResult mutating func exit(_ pid: Int32, _ exit: ProcessExit) -> [ArbiterAction] {
        send(.childExited(pid: pid, exit: exit)).actions
    }

    @discardableResult mutating func signal(_ signal: ProcessSignal) -> [ArbiterAction] {
        send(.signal(signal)).actions
    }

    /// Advances the clock and ticks with every live worker heartbeating now unless listed silent,
    /// with the requests and resident bytes given.
    @discardableResult
    mutating func tick(
        after seconds: Double, silent: Set<Int32> = [], requests: [Int32: UInt64] = [:], resident: [Int32: UInt64] = [:]
    ) -> [ArbiterAction] {
        now += seconds
        var readings: [Int32: WorkerReading] = [:]
        for pid in arbiter.livePids where !silent.contains(pid) {
            readings[pid] = WorkerReading(lastHeartbeat: now, requests: requests[pid] ?? 0, residentBytes: resident[pid])
        }
        return send(.tick(readings: readings)).actions
    }

    /// Starts the workers and makes them all ready.
    mutating func startReady() {
        let actions = start()
        for spec in Self.spawns(in: actions) { ready(pids[spec]!) }
    }

    /// HUP, then the config loaded again with the same settings: the new generation's spawns.
    mutating func reloadSameSettings() -> [WorkerSpec] {
        signal(.hup)
        return Self.spawns(in: send(.reloadLoaded(arbiter.settings)).actions)
    }

    /// The config read again after a HUP, with `workers` in it: the actions that follow.
    @discardableResult
    mutating func loadConfig(workers: Int) -> [ArbiterAction] {
        var config = arbiter.settings
        config.workers = workers
        return send(.reloadLoaded(config)).actions
    }

    static func spawns(in actions: [ArbiterAction]) -> [WorkerSpec] {
        actions.compactMap { if case .spawn(let spec) = $0 { spec } else { nil } }
    }

    static func signals(in actions: [ArbiterAction]) -> [(pid: Int32, signal: ProcessSignal)] {
        actions.compactMap { if case .signal(let pid, let signal) = $0 { (pid, signal) } else { nil } }
    }

    static func logs(in actions: [ArbiterAction]) -> [String] {
        actions.compactMap { if case .log(_, let line) = $0 { line } else { nil } }
    }

    func pid(slot: Int) -> Int32? {
        arbiter.livePids.first { arbiter.spec(of: $0)?.slot == slot }
    }
}
