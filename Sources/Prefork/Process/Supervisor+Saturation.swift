extension Supervisor {
    /// What the arbiter's tick judges the workers by: heartbeats and requests from the scoreboard,
    /// and each worker's resident memory when `max_worker_rss` asks for it.
    func tickReadings() -> [Int32: WorkerReading] {
        var readings = scoreboard?.workerReadings() ?? [:]
        guard arbiter.settings.maxWorkerRSS > 0 else { return readings }
        for pid in readings.keys { readings[pid]?.residentBytes = ProcessMemory.residentBytes(of: pid) }
        return readings
    }

    /// Publishes what says whether the workers keep up: each worker's busy share over 10 s and
    /// 1 min, the connections waiting in the accept queues and the CPUs the server may use.
    /// Samples once a second.
    func publishSaturation(now: Double) {
        guard let scoreboard else { return }
        guard let shares = busySampler.update(
            now: now, slots: { scoreboard.snapshot().slots }, busyNanos: ProcessSchedule.wantedNanoseconds(of:)) else { return }
        for (slot, share) in shares { scoreboard.publishBusy(slot: slot, short: share.short, long: share.long) }
        scoreboard.publishAcceptQueue(sockets.acceptQueue)
        scoreboard.publishCPUs(CPUBudget.current.cpus)
    }
}
