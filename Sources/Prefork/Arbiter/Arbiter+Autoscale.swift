/// What the supervisor measured of the load in the last second, for autoscaling (`workers_max`).
public struct WorkerLoad: Sendable, Equatable {
    /// Each worker's busy share over the last sample, by pid.
    public var busy: [Int32: Double]
    /// Each worker's event loops (`threads`), by pid.
    public var eventLoops: [Int32: Int]
    /// Connections waiting in the accept queues.
    public var acceptQueue: Int
    /// CPUs the server may use.
    public var cpus: Int
    /// Seconds the busy shares cover.
    public var span: Double

    public init(busy: [Int32: Double], eventLoops: [Int32: Int] = [:], acceptQueue: Int, cpus: Int, span: Double = 1) {
        self.busy = busy
        self.eventLoops = eventLoops
        self.acceptQueue = acceptQueue
        self.cpus = cpus
        self.span = span
    }
}

extension Arbiter {
    /// The worker counts an operator may set with TTIN, TTOU or `ctl workers`: 1...`maxWorkers`,
    /// or `workers`...`workers_max` while autoscaling.
    var operatorBounds: ClosedRange<Int> {
        guard let limits = settings.autoscaling else { return 1...settings.maxWorkers }
        return max(1, limits.floor)...max(1, min(limits.ceiling, settings.maxWorkers))
    }

    /// An operator set the count: autoscaling pauses for its cool-down before it judges the new count.
    mutating func countSetByOperator(now: Double) {
        autoscaler?.changed(now: now)
    }

    /// The last second's load: one worker more or fewer when the autoscaler's window is full. Only a
    /// steady server is judged (running, no reload, every position served by a ready worker, none
    /// booting or waiting for its replacement); otherwise the windows start again.
    mutating func autoscale(_ load: WorkerLoad, now: Double) -> [ArbiterAction] {
        guard let limits = settings.autoscaling else {
            autoscaler = nil
            return []
        }
        if autoscaler?.limits != limits { autoscaler = WorkerAutoscaler(limits: limits) }
        let serving = workers
            .filter { $0.value.state == .ready && $0.value.spec.generation == generation && $0.value.spec.position < settings.workers }
            .keys.sorted()
        let steady = phase == .running && !isReloading && launching.isEmpty && pending.isEmpty
            && serving.count == settings.workers && !workers.values.contains { $0.state == .retiring }
            && serving.allSatisfy { load.busy[$0] != nil }
        guard steady else {
            autoscaler?.hold()
            return []
        }
        let reading = WorkerAutoscaler.Reading(
            workers: settings.workers, busy: serving.map { load.busy[$0] ?? 0 }, acceptQueue: load.acceptQueue,
            cpus: load.cpus, eventLoops: serving.reduce(0) { $0 + max(load.eventLoops[$1] ?? 1, 1) },
            capacity: settings.maxWorkers, span: load.span)
        switch autoscaler?.decide(reading, now: now) {
        case .up(let count, let why)?:
            settings.workers = count
            countSetBy = "autoscaling"
            return [.log(.info, "scaling up to \(count) worker(s): \(why)")]
        case .down(let count, let why)?:
            settings.workers = count
            countSetBy = "autoscaling"
            return [.log(.info, "scaling down to \(count) worker(s): \(why)")]
        case nil:
            return []
        }
    }
}
