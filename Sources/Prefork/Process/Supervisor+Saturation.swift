extension Supervisor {
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
