extension Arbiter {
    /// A `tagifai ctl` command: what it sets going and its answer, or its refusal with nothing done.
    mutating func control(_ command: ArbiterCommand, now: Double) -> ArbiterOutcome {
        switch command {
        case .setWorkers(let count):
            return setWorkers(count, now: now)
        case .recycle(let target):
            return recycle(slotOrPid: target)
        case .reload:
            guard phase == .running, !isReloading else {
                return .refused(isReloading ? "a reload is already in progress" : "reload only once all workers are up and while running")
            }
            // Answered by the `reloadLoaded` or `reloadFailed` event the `reload` action brings.
            return ArbiterOutcome(actions: beginReload())
        case .stop(let fast):
            guard phase == .booting || phase == .running else { return .refused("the server is already stopping") }
            return ArbiterOutcome(
                actions: stop(graceful: !fast, now: now),
                reply: .success(.stopping(fast: fast, gracefulTimeout: settings.gracefulTimeout)))
        case .reopenLogs:
            return ArbiterOutcome(actions: reopenLogs(), reply: .success(.reopeningLogs(workers: workers.count)))
        }
    }

    /// `ctl workers N`: run `count` workers from now on, until a reload rereads the config.
    /// While autoscaling, a count outside `workers`...`workers_max` is clamped to it, and the answer says so.
    private mutating func setWorkers(_ requested: Int, now: Double) -> ArbiterOutcome {
        guard phase == .booting || phase == .running else { return .refused("the server is stopping") }
        guard !isReloading else {
            return .refused("a reload is in progress: try again once its new generation is ready")
        }
        guard fitsCeiling(requested) else {
            return .refused("workers \(requested) is out of range: this supervisor runs 1...\(settings.maxWorkers) (restart it for more)")
        }
        let bounds = operatorBounds
        let count = min(max(requested, bounds.lowerBound), bounds.upperBound)
        let previous = settings.workers
        settings.workers = count
        countSetBy = "ctl workers"
        countSetByOperator(now: now)
        var line = "control: \(count) worker(s), was \(previous)"
        if count != requested { line += " (\(requested) asked for, clamped to autoscaling's \(bounds.lowerBound)...\(bounds.upperBound))" }
        return ArbiterOutcome(
            actions: [.log(.info, line)],
            reply: .success(.workers(count: count, previous: previous, clampedFrom: count != requested ? requested : nil)))
    }

    /// `ctl recycle`: marks one ready worker retiring; the closing step spawns its replacement,
    /// and drains it once that one is ready.
    private mutating func recycle(slotOrPid target: Int) -> ArbiterOutcome {
        guard let (pid, spec) = worker(slotOrPid: target), let worker = workers[pid] else {
            return .refused("no live worker has slot or pid \(target); see the status command")
        }
        guard phase == .running else { return .refused("recycle only once all workers are up and while running") }
        guard !isReloading else { return .refused("a reload is in progress: it replaces every worker already") }
        guard worker.state == .ready, spec.generation == generation else {
            return .refused("\(describe(pid, worker)) is not serving (\(worker.state)): only a ready worker is recycled")
        }
        workers[pid]?.state = .retiring
        return ArbiterOutcome(
            actions: [.log(.info, "control: recycling \(describe(pid, worker)): drained once its replacement is ready")],
            reply: .success(.recycling(pid: pid, slot: spec.slot)))
    }

    /// The live worker in scoreboard slot `slot`, else the live worker with pid `slot`.
    public func worker(slotOrPid target: Int) -> (pid: Int32, spec: WorkerSpec)? {
        let live = workers.filter { $0.value.holdsPosition || $0.value.state == .retiring }
        if let match = live.first(where: { $0.value.spec.slot == target }) { return (match.key, match.value.spec) }
        if let pid = Int32(exactly: target), let record = live[pid] { return (pid, record.spec) }
        return nil
    }
}
