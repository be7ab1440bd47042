/// What the scoreboard says of one worker at a tick.
public struct WorkerReading: Sendable, Equatable {
    /// CLOCK_MONOTONIC seconds of the last heartbeat, 0 if none yet.
    public var lastHeartbeat: Double
    /// Requests the worker has served.
    public var requests: UInt64
    /// The worker's resident memory in bytes, when the supervisor read it (only with `max_worker_rss`).
    public var residentBytes: UInt64?

    public init(lastHeartbeat: Double, requests: UInt64, residentBytes: UInt64? = nil) {
        self.lastHeartbeat = lastHeartbeat
        self.requests = requests
        self.residentBytes = residentBytes
    }
}

extension Arbiter {
    /// The periodic check (at least every 100 ms): heartbeats, deadlines, max_requests,
    /// max_worker_rss and max_worker_lifetime; the closing step spawns what a backoff held back.
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
                    let (reason, why) = recycling(worker, reading, now: now)
                {
                    workers[pid]?.state = .retiring
                    workers[pid]?.restartReason = reason
                    actions.append(.log(.info, "\(describe(pid, worker)) \(why): retiring"))
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

    /// Whether a ready worker is due to be replaced the rolling way, why, and the log's words.
    private func recycling(
        _ worker: WorkerRecord, _ reading: WorkerReading?, now: Double
    ) -> (WorkerRestartReason, String)? {
        if let limit = worker.requestLimit, let served = reading?.requests, served >= limit {
            return (.maxRequests, "served \(served) requests (limit \(limit))")
        }
        if settings.maxWorkerRSS > 0, let bytes = reading?.residentBytes, bytes > settings.maxWorkerRSS {
            return (.maxWorkerRSS, "holds \(bytes / 1_048_576) MiB resident (max_worker_rss \(settings.maxWorkerRSS / 1_048_576) MiB)")
        }
        if let lifetime = worker.lifetimeLimit, let readyAt = worker.readyAt, now - readyAt >= lifetime {
            return (.maxWorkerLifetime, "has served for \(formatted(now - readyAt)) s (max_worker_lifetime \(formatted(lifetime)) s)")
        }
        return nil
    }
}
