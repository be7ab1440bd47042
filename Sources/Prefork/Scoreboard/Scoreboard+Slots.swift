extension Scoreboard {
    /// Clears a slot for a worker about to be spawned into it (supervisor side).
    public func resetSlot(_ slot: Int, generation: Int, position: Int, now: UInt64) {
        writeHeader()
        for field in ScoreboardField.allCases { store(0, at: layout.slotWord(slot, field)) }
        storeText("", atWord: layout.slotBootErrorWord(slot), bytes: ScoreboardLayout.bootErrorBytes)
        for counter in 0..<layout.counterCount { store(0, at: layout.slotCounterWord(slot, counter)) }
        store(UInt64(generation), at: layout.slotWord(slot, .generation))
        store(UInt64(position), at: layout.slotWord(slot, .position))
        store(now, at: layout.slotWord(slot, .spawnTime))
        store(WorkerSlotState.booting.rawValue, at: layout.slotWord(slot, .state))
    }

    /// Records the pid of the worker spawned into a slot.
    public func setPid(_ pid: Int32, slot: Int) {
        store(UInt64(UInt32(bitPattern: pid)), at: layout.slotWord(slot, .pid))
    }

    /// Folds an exited worker's requests and counters into the retired totals and empties its slot.
    ///
    /// Makes the retire sequence odd before and even after, so `snapshot()` never sees a counter
    /// both in the slot and in the retired totals; a sequence a worker left odd is mended here.
    public func retireSlot(_ slot: Int) {
        guard load(layout.slotWord(slot, .state)) != WorkerSlotState.empty.rawValue else { return }
        let folding = load(ScoreboardLayout.retireSequenceWord) | 1
        store(folding, at: ScoreboardLayout.retireSequenceWord)
        defer { store(folding &+ 1, at: ScoreboardLayout.retireSequenceWord) }
        add(load(layout.slotWord(slot, .requests)), at: layout.retiredRequestsWord)
        add(1, at: layout.retiredWorkersWord)
        for counter in 0..<layout.counterCount {
            add(load(layout.slotCounterWord(slot, counter)), at: layout.retiredCounterWord(counter))
            store(0, at: layout.slotCounterWord(slot, counter))
        }
        store(0, at: layout.slotWord(slot, .requests))
        store(0, at: layout.slotWord(slot, .inFlight))
        store(0, at: layout.slotWord(slot, .pid))
        store(WorkerSlotState.empty.rawValue, at: layout.slotWord(slot, .state))
    }

    /// Sets a slot's state (worker side).
    public func setState(_ state: WorkerSlotState, slot: Int, now: UInt64) {
        if state == .ready { store(now, at: layout.slotWord(slot, .readyTime)) }
        store(state.rawValue, at: layout.slotWord(slot, .state))
    }

    /// Stamps a slot's heartbeat with CLOCK_MONOTONIC nanoseconds (worker side).
    public func heartbeat(slot: Int, now: UInt64) {
        store(now, at: layout.slotWord(slot, .lastHeartbeat))
    }

    /// Counts a connection as opened (worker side).
    public func connectionOpened(slot: Int) {
        add(1, at: layout.slotWord(slot, .connections))
    }

    /// Counts a connection as closed (worker side).
    public func connectionClosed(slot: Int) {
        subtract(1, at: layout.slotWord(slot, .connections))
    }

    /// Records how many event loops the worker runs, which its busy share is measured against (worker side).
    public func setEventLoops(_ count: Int, slot: Int) {
        store(UInt64(max(count, 1)), at: layout.slotWord(slot, .eventLoops))
    }

    /// Counts a request as started (worker side).
    public func requestStarted(slot: Int) {
        add(1, at: layout.slotWord(slot, .inFlight))
    }

    /// Counts a request as finished and served (worker side).
    public func requestFinished(slot: Int) {
        subtract(1, at: layout.slotWord(slot, .inFlight))
        add(1, at: layout.slotWord(slot, .requests))
    }

    /// Counts a request as given up before it was answered, the client gone mid-body (worker side).
    public func requestAbandoned(slot: Int) {
        subtract(1, at: layout.slotWord(slot, .inFlight))
    }

    /// Counts a worker replacement (supervisor side).
    public func countRestart(_ reason: WorkerRestartReason) {
        add(1, at: layout.restartsWord(reason))
    }

    /// Adds to one of the application's counters in a slot (worker side).
    public func addCounter(_ counter: Int, by value: UInt64 = 1, slot: Int) {
        precondition(counter >= 0 && counter < layout.counterCount, "counter \(counter) outside 0..<\(layout.counterCount)")
        add(value, at: layout.slotCounterWord(slot, counter))
    }

    /// Records why a worker could not boot, for `tagifai status` and the supervisor's log.
    public func setBootError(_ message: String, slot: Int) {
        storeText(message, atWord: layout.slotBootErrorWord(slot), bytes: ScoreboardLayout.bootErrorBytes)
    }
}

extension Scoreboard {
    /// Publishes a worker's busy shares over the short and the long window (supervisor side).
    public func publishBusy(slot: Int, short: Double, long: Double) {
        store(UInt64((min(max(short, 0), 1) * 1000).rounded()), at: layout.slotWord(slot, .busyShort))
        store(UInt64((min(max(long, 0), 1) * 1000).rounded()), at: layout.slotWord(slot, .busyLong))
    }

    /// Publishes autoscaling's bounds and the worker count in force, or nil when it is off (supervisor side).
    public func publishAutoscaling(_ bounds: AutoscalingBounds?) {
        let word = bounds.map { bounds in
            [bounds.floor, bounds.ceiling, bounds.workers].enumerated().reduce(UInt64(0)) {
                $0 | UInt64(min(max($1.element, 0), 0xFFFFF)) << (20 * UInt64($1.offset))
            }
        }
        store(word ?? 0, at: layout.autoscalingWord)
    }

    /// Publishes the CPUs the server may use (supervisor side).
    public func publishCPUs(_ cpus: Int) {
        store(UInt64(max(cpus, 0)), at: layout.cpusWord)
    }

    /// Publishes the shared listening sockets' accept queue (supervisor side); nil when none reports one.
    public func publishAcceptQueue(_ queue: ListeningSocket.AcceptQueue?) {
        store(UInt64(queue?.length ?? 0), at: ScoreboardLayout.acceptQueueWord)
        store(UInt64(queue?.limit ?? 0), at: ScoreboardLayout.acceptQueueLimitWord)
    }
}
