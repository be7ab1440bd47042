/// What the scoreboard says of one worker at a tick.
public struct WorkerReading: Sendable, Equatable {
    /// CLOCK_MONOTONIC seconds of the last heartbeat, 0 if none yet.
    public var lastHeartbeat: Double
    /// Requests the worker has served.
    public var requests: UInt64

    public init(lastHeartbeat: Double, requests: UInt64) {
        self.lastHeartbeat = lastHeartbeat
        self.requests = requests
    }
}

extension Arbiter {
    /// The periodic check (at least every 100 ms): heartbeats, deadlines, max_requests; the closing
    /// step spawns what a backoff held back.
    mutating func tick(now: Double, readings: [Int32: WorkerReading]) -> [ArbiterAction] {
        var actions: [ArbiterAction] = []
        for (pid, worker) in workers.sorted(by: { $0.key < $1.key }) {
            switch worker.state {
            case .booting, .ready, .retiring:
                let reading = readings[pid]
                let lastBeat = max(worker.spawnedAt, reading?.lastHeartbeat ?? 0)
                if now - lastBeat > settings.timeout {
                    workers[pid]?.state = .aborting(killAt: now + settings.abortGrace)
                    workers[pid]?.restartReason = .timeout
                    actions += [
                        .log(.error, "\(describe(pid, worker)) sent no heartbeat for \(formatted(now - lastBeat)) s "
                            + "(timeout \(formatted(settings.timeout)) s): SIGABRT, SIGKILL in \(formatted(settings.abortGrace)) s"),
                        .signal(pid: pid, .abrt),
                    ]
                    continue
                }
                if worker.state == .ready, let readyAt = worker.readyAt, now - readyAt >= settings.stableAfter {
                    failures[worker.spec.position] = nil
                }
                if worker.state == .ready, worker.spec.generation == generation,
                    let limit = worker.requestLimit, let served = reading?.requests, served >= limit
                {
                    workers[pid]?.state = .retiring
                    workers[pid]?.restartReason = .maxRequests
                    actions.append(.log(.info, "\(describe(pid, worker)) served \(served) requests (limit \(limit)): retiring"))
                }
            case .draining(let killAt), .aborting(let killAt):
                if now >= killAt {
                    workers[pid]?.state = .killed
                    actions += [.log(.warning, "\(describe(pid, worker)) did not exit in time: SIGKILL"), .signal(pid: pid, .kill)]
                }
            case .killed:
                break
            }
        }
        return actions
    }
}
