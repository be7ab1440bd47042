/// Why the arbiter declined a control command; the message is the answer the operator reads.
public struct ControlRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

extension Arbiter {
    /// `tagifai ctl workers N`: run `count` workers from now on, until a reload rereads the config.
    ///
    /// Like TTIN/TTOU, but to any count within 1...`maxWorkers` at once: missing positions
    /// are spawned and surplus ones drained.
    public mutating func setWorkers(_ count: Int, now: Double) throws(ControlRefusal) -> [ArbiterAction] {
        guard phase == .booting || phase == .running else { throw ControlRefusal("the server is stopping") }
        guard !isReloading else {
            throw ControlRefusal("a reload is in progress: try again once its new generation is ready")
        }
        guard fitsCeiling(count) else {
            throw ControlRefusal(
                "workers \(count) is out of range: this supervisor runs 1...\(settings.maxWorkers) (restart it for more)")
        }
        let previous = settings.workers
        settings.workers = count
        countSetBy = "ctl workers"
        return [.log(.info, "control: \(count) worker(s), was \(previous)")] + reconcile(now: now)
    }

    /// `tagifai ctl recycle`: replaces one ready worker, its replacement up before it is drained.
    public mutating func recycle(pid: Int32, now: Double) throws(ControlRefusal) -> [ArbiterAction] {
        guard phase == .running else { throw ControlRefusal("recycle only once all workers are up and while running") }
        guard !isReloading else {
            throw ControlRefusal("a reload is in progress: it replaces every worker already")
        }
        guard let worker = workers[pid] else { throw ControlRefusal("pid \(pid) is not a worker of this server") }
        guard worker.state == .ready, worker.spec.generation == generation else {
            throw ControlRefusal("\(describe(pid, worker)) is not serving (\(worker.state)): only a ready worker is recycled")
        }
        workers[pid]?.state = .retiring
        return [.log(.info, "control: recycling \(describe(pid, worker)): drained once its replacement is ready")]
            + reconcile(now: now)
    }

    /// The live worker in scoreboard slot `slot`, else the live worker with pid `slot`.
    public func worker(slotOrPid target: Int) -> (pid: Int32, spec: WorkerSpec)? {
        let live = workers.filter { $0.value.holdsPosition || $0.value.state == .retiring }
        if let match = live.first(where: { $0.value.spec.slot == target }) { return (match.key, match.value.spec) }
        if let pid = Int32(exactly: target), let record = live[pid] { return (pid, record.spec) }
        return nil
    }
}
