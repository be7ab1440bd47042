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
    /// Slot `slot`'s open connections against those of every ready worker (its own included), and
    /// how many workers are ready; nil when `slot` is not ready. A worker weighs its share of the
    /// server's connections with it before each accept and once a second, so it reads two words a
    /// slot and allocates nothing.
    public func connectionShare(of slot: Int) -> (own: UInt64, total: UInt64, workers: Int)? {
        var own: UInt64?, total: UInt64 = 0, workers = 0
        for index in 0..<layout.slotCount where load(layout.slotWord(index, .state)) == WorkerSlotState.ready.rawValue {
            let connections = load(layout.slotWord(index, .connections))
            if index == slot { own = connections }
            total &+= connections
            workers += 1
        }
        guard let own else { return nil }
        return (own, total, workers)
    }
}
