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

extension Scoreboard {
    /// The connections each ready worker holds open, by slot, for a worker weighing its share of the
    /// server's connections once a second; reads two words per slot.
    public func readyWorkerConnections() -> [Int: UInt64] {
        var connections: [Int: UInt64] = [:]
        for slot in 0..<layout.slotCount where load(layout.slotWord(slot, .state)) == WorkerSlotState.ready.rawValue {
            connections[slot] = load(layout.slotWord(slot, .connections))
        }
        return connections
    }
}
