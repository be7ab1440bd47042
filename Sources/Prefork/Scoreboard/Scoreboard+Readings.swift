extension Scoreboard {
    /// Heartbeat and request count of every worker in the scoreboard, by pid, for the arbiter's tick.
    ///
    /// Reads three words per slot rather than a whole `slot(_:)` snapshot: it runs every turn of
    /// the supervisor's loop. Empty slots (pid 0) are left out.
    public func workerReadings() -> [Int32: WorkerReading] {
        var readings: [Int32: WorkerReading] = [:]
        for slot in 0..<layout.slotCount {
            let pid = Int32(truncatingIfNeeded: load(layout.slotWord(slot, .pid)))
            guard pid != 0 else { continue }
            readings[pid] = WorkerReading(
                lastHeartbeat: Double(load(layout.slotWord(slot, .lastHeartbeat))) / 1e9,
                requests: load(layout.slotWord(slot, .requests)))
        }
        return readings
    }
}
