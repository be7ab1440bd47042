extension Supervisor {
    /// What the arbiter's tick judges the workers by: heartbeats and requests from the scoreboard,
    /// and, once a second when `max_worker_rss` asks for it, each worker's resident memory (the
    /// ticks in between carry none, and the arbiter judges memory only where there is a reading).
    func tickReadings(now: Double) -> [Int32: WorkerReading] {
        var readings = scoreboard?.workerReadings() ?? [:]
        guard arbiter.settings.maxWorkerRSS > 0, now - lastMemoryReading >= 1 else { return readings }
        lastMemoryReading = now
        for pid in readings.keys { readings[pid]?.residentBytes = ProcessMemory.residentBytes(of: pid) }
        return readings
    }

    /// Publishes what says whether the workers keep up: each worker's busy share over 10 s and
    /// 1 min, the connections waiting in the accept queues and the CPUs the server may use.
    /// Samples once a second; while autoscaling, hands the arbiter the same figures (each worker's
    /// share over the last second) as a `load` event.
    func publishSaturation(now: Double) {
        guard let scoreboard else { return }
        let slots = scoreboard.snapshot().slots
        guard let shares = busySampler.update(
            now: now, slots: { slots }, busyNanos: ProcessSchedule.wantedNanoseconds(of:)) else { return }
        for (slot, share) in shares { scoreboard.publishBusy(slot: slot, short: share.short, long: share.long) }
        let queue = sockets.acceptQueue
        // Read at each sample (a few small files), so a CPU quota changed at run time shows at once.
        let cpus = CPUBudget.current.cpus
        scoreboard.publishAcceptQueue(queue)
        scoreboard.publishCPUs(cpus)
        let settings = arbiter.settings
        scoreboard.publishAutoscaling(settings.autoscaling.map {
            AutoscalingBounds(floor: $0.floor, ceiling: $0.ceiling, workers: settings.workers)
        })
        guard settings.autoscaling != nil else { return }
        var busy: [Int32: Double] = [:]
        var loops: [Int32: Int] = [:]
        for slot in slots where slot.pid != 0 {
            guard let share = shares[slot.slot] else { continue }
            busy[slot.pid] = share.last
            loops[slot.pid] = slot.eventLoops
        }
        let load = WorkerLoad(
            busy: busy, eventLoops: loops, acceptQueue: Int(queue?.length ?? 0), cpus: cpus, span: BusySampler.interval)
        handle(.load(load), now: now)
    }
}
