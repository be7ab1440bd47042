@testable import Prefork
import TestSupport

/// An invariant the arbiter broke, and how.
struct ArbiterViolation: Error, Equatable, CustomStringConvertible {
    var invariant: String
    var detail: String

    var description: String { "\(invariant): \(detail)" }
}

/// Plays `ArbiterStep`s through an `ArbiterHarness` as the kernel, the workers and the operator
/// would, and checks the arbiter's invariants after every step.
struct ArbiterPropertyDriver {
    var harness: ArbiterHarness
    /// Children started and not yet reaped, as the kernel knows them.
    var alive: Set<Int32> = []
    /// Workers that have reported ready or a boot failure: each reports one of them, once.
    var reported: Set<Int32> = []
    /// Children that exit next: told to stop (TERM, QUIT, ABRT or KILL) or failed to boot.
    var told: Set<Int32> = []
    /// A `reload` action is waiting for its outcome.
    var reloadAsked = false
    /// systemd was told RELOADING and since then neither READY nor STOPPING.
    var reloading = false
    /// The count TTIN, TTOU or `ctl workers` set last, while no reload has replaced it.
    var operatorCount: Int?
    /// The arbiter asked to leave the run loop.
    var exited = false
    private var nextStranger: Int32 = 90_000

    /// `workersMax` turns autoscaling on, from `workers` up to it (`workers_max`, which may exceed
    /// the scoreboard's capacity, `maxWorkers`).
    init(workers: Int, maxWorkers: Int, workersMax: Int? = nil) throws(ArbiterViolation) {
        harness = ArbiterHarness(workers: workers) { settings in
            settings.maxWorkers = maxWorkers
            if let workersMax {
                settings.autoscaling = WorkerAutoscaler.Limits(
                    floor: workers, ceiling: max(workers, workersMax), upSeconds: 2, downSeconds: 4)
            }
        }
        let first = harness.nextPid
        let actions = harness.start()
        alive.formUnion(first..<harness.nextPid)
        try check(actions, countBefore: workers, byOperator: false, generationBefore: 0)
    }

    /// Plays one step and checks every invariant after it.
    mutating func play(_ step: ArbiterStep) throws(ArbiterViolation) {
        guard !exited else { return }
        let countBefore = harness.arbiter.settings.workers
        let generationBefore = harness.arbiter.generation
        let firstPid = harness.nextPid
        var byOperator = false
        let actions: [ArbiterAction]
        switch step {
        case .signal(let signal):
            byOperator = signal == .ttin || signal == .ttou
            actions = harness.signal(signal)
        case .handOverFailed:
            nextStranger += 1
            actions = harness.exit(nextStranger, .exited(1))
        case .exit(let pick, let exit):
            guard let pid = pickAlive(pick) else { return }
            alive.remove(pid)
            actions = harness.exit(pid, exit)
        case .ready(let pick):
            guard let pid = pickUnreported(pick) else { return }
            reported.insert(pid)
            actions = harness.ready(pid)
        case .bootFailed(let pick):
            guard let pid = pickUnreported(pick) else { return }
            reported.insert(pid)
            told.insert(pid)  // It exits by itself next.
            actions = harness.bootFailed(pid, "model.bin is missing")
        case .reloadLoaded(let workers):
            guard reloadAsked else { return }
            reloadAsked = false
            var settings = harness.arbiter.settings
            settings.workers = workers
            // As a config's settings have them: `workers` is autoscaling's floor.
            if var limits = settings.autoscaling {
                limits.floor = workers
                limits.ceiling = max(workers, limits.ceiling)
                settings.autoscaling = limits
            }
            actions = try loaded(harness.send(.reloadLoaded(settings)))
        case .reloadFailed:
            guard reloadAsked else { return }
            reloadAsked = false
            actions = try loaded(harness.send(.reloadFailed(message: "unknown key")))
        case .setWorkers(let count):
            byOperator = true
            actions = try control(.setWorkers(count), countBefore: countBefore)
        case .recycle(let pick):
            guard let pid = pickAlive(pick) else { return }
            actions = try control(.recycle(slotOrPid: Int(pid)), countBefore: countBefore)
        case .command(let command):
            actions = try control(command, countBefore: countBefore)
        case .tick(let seconds, let silent):
            actions = harness.tick(after: seconds, silent: silent ? alive : [])
        case .failSpawns(let count):
            harness.failingSpawns = count
            return
        case .load(let busy, let queue, let cpus, let seconds):
            for _ in 0..<seconds where !exited {
                try playLoad(busy: busy, queue: queue, cpus: cpus)
            }
            return
        }
        alive.formUnion(firstPid..<harness.nextPid)
        try check(actions, countBefore: countBefore, byOperator: byOperator, generationBefore: generationBefore)
    }

    /// One second's reading of the load, and the bounds autoscaling keeps: it changes the count only by
    /// one and with a log line; up only below `workers_max`, the scoreboard's capacity and the CPUs
    /// (one event loop a worker here); down only above the floor.
    private mutating func playLoad(busy: Double, queue: Int, cpus: Int) throws(ArbiterViolation) {
        let countBefore = harness.arbiter.settings.workers
        let generationBefore = harness.arbiter.generation
        let firstPid = harness.nextPid
        harness.now += 1
        let shares = Dictionary(uniqueKeysWithValues: harness.arbiter.livePids.map { ($0, busy) })
        let actions = harness.send(.load(WorkerLoad(busy: shares, acceptQueue: queue, cpus: cpus))).actions
        alive.formUnion(firstPid..<harness.nextPid)
        let count = harness.arbiter.settings.workers
        if count != countBefore {
            guard let limits = harness.arbiter.settings.autoscaling else {
                throw ArbiterViolation(invariant: "only autoscaling changes the count on a load reading", detail: "\(countBefore) → \(count) with it off")
            }
            let capacity = harness.arbiter.settings.maxWorkers
            if count > countBefore, count != countBefore + 1 || count > min(limits.ceiling, capacity) || countBefore >= cpus {
                throw ArbiterViolation(
                    invariant: "autoscaling adds one worker, never past workers_max, the capacity or the CPUs",
                    detail: "\(countBefore) → \(count), workers_max \(limits.ceiling), capacity \(capacity), \(cpus) CPU(s)")
            }
            if count < countBefore, count != countBefore - 1 || count < limits.floor {
                throw ArbiterViolation(
                    invariant: "autoscaling retires one worker, never below the floor",
                    detail: "\(countBefore) → \(count), floor \(limits.floor)")
            }
        }
        try check(actions, countBefore: countBefore, byOperator: false, byAutoscaling: true, generationBefore: generationBefore)
    }

    /// Lets everyone do as told for a while: forks succeed, a pending reload loads the same
    /// count, booting workers report ready, those told to stop exit, and time passes.
    mutating func settle(rounds: Int) throws(ArbiterViolation) {
        for _ in 0..<rounds where !exited {
            harness.failingSpawns = 0
            if reloadAsked { try play(.reloadLoaded(workers: harness.arbiter.settings.workers)) }
            for pid in alive.sorted() where told.contains(pid) {
                if let pick = alive.sorted().firstIndex(of: pid) { try play(.exit(pick: pick, .exited(0))) }
            }
            for pid in unreported where !told.contains(pid) {
                if let pick = unreported.firstIndex(of: pid) { try play(.ready(pick: pick)) }
            }
            try play(.tick(seconds: 5, silent: false))
        }
    }

    /// Settles, checks that a running server serves every position and has told systemd
    /// READY, then stops it and checks that the stop ends.
    mutating func finish() throws(ArbiterViolation) {
        try settle(rounds: 8)
        let arbiter = harness.arbiter
        if !exited, arbiter.phase == .booting {
            throw ArbiterViolation(
                invariant: "a settled server is running and has told systemd READY",
                detail: "still booting with \(arbiter.workers.count) worker(s) for \(arbiter.settings.workers) position(s)")
        }
        if !exited, arbiter.phase == .running {
            let serving = arbiter.workers.values.filter { $0.spec.generation == arbiter.generation && $0.state == .ready }
            guard Set(serving.map(\.spec.position)) == Set(0..<arbiter.settings.workers) else {
                throw ArbiterViolation(
                    invariant: "a settled server serves every position",
                    detail: "\(serving.count) ready worker(s) for \(arbiter.settings.workers) position(s)")
            }
            guard !reloading else {
                throw ArbiterViolation(invariant: "systemd is told READY after every RELOADING", detail: "still RELOADING once settled")
            }
        }
        try play(.signal(.term))
        try settle(rounds: 8)
        guard exited else {
            throw ArbiterViolation(
                invariant: "a stop always ends", detail: "no exit after TERM with every told child gone; alive: \(alive.sorted())")
        }
    }

    var unreported: [Int32] { alive.sorted().filter { !reported.contains($0) } }

    private func pickAlive(_ pick: Int) -> Int32? {
        let pids = alive.sorted()
        return pids.isEmpty ? nil : pids[pick % pids.count]
    }

    private func pickUnreported(_ pick: Int) -> Int32? {
        let pids = unreported
        return pids.isEmpty ? nil : pids[pick % pids.count]
    }
}
