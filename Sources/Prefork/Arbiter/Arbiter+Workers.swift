extension Arbiter {
    /// The POSIX layer started the worker of a `spawn` action with this pid.
    mutating func spawned(slot: Int, pid: Int32, now: Double) -> [ArbiterAction] {
        guard var worker = launching.removeValue(forKey: slot) else { return [] }
        worker.spawnedAt = now
        guard phase == .booting || phase == .running else {
            worker.state = .killed
            workers[pid] = worker
            return [.signal(pid: pid, .kill)]
        }
        workers[pid] = worker
        return [.log(.debug, "\(describe(pid, worker)) started at position \(worker.spec.position)")]
    }

    /// The POSIX layer could not start the worker of a `spawn` action: during the first boot the
    /// supervisor stops; later the closing step tries the position again, after its backoff.
    mutating func spawnFailed(slot: Int, message: String) -> [ArbiterAction] {
        guard let worker = launching.removeValue(forKey: slot) else { return [] }
        failures[worker.spec.position, default: 0] += 1
        return [.releaseSlot(slot), .log(.error, "could not start a worker in slot \(slot): \(message)")] + halt(message: message)
    }

    /// A worker reported on the status pipe that it is accepting.
    mutating func workerReady(pid: Int32, now: Double) -> [ArbiterAction] {
        guard let worker = workers[pid], worker.state == .booting else { return [] }
        workers[pid]?.state = .ready
        workers[pid]?.readyAt = now
        return [.log(.info, "\(describe(pid, worker)) ready in \(Int((now - worker.spawnedAt) * 1000)) ms")]
    }

    /// A worker reported on the status pipe that it cannot boot; it exits next.
    mutating func workerBootFailed(pid: Int32, message: String, now: Double) -> [ArbiterAction] {
        guard let worker = workers[pid] else { return [] }
        bootErrors[pid] = message
        workers[pid]?.state = .aborting(killAt: now + settings.abortGrace)
        if worker.spec.generation == generation {
            failures[worker.spec.position, default: 0] += 1
        }
        // The message is logged once: by the stop or the abandoned reload it causes, else here.
        if phase == .booting {
            return halt(message: message)
        }
        if case .halting = phase {
            return []  // Another worker's boot failure is stopping the server, and said why.
        }
        if reload.replacing != nil, worker.spec.generation == generation {
            return abortReload(message: message)
        }
        return [.log(.error, "\(describe(pid, worker)) failed to boot: \(message)")]
    }

    /// `waitpid` reaped a worker.
    mutating func childExited(pid: Int32, exit: ProcessExit, now: Double) -> [ArbiterAction] {
        guard let worker = workers.removeValue(forKey: pid) else {
            return [.log(.info, "child pid \(pid) \(exit)")]
        }
        let bootError = bootErrors.removeValue(forKey: pid)
        var message = "\(describe(pid, worker)) \(exit)"
        if exit == .signaled(ProcessSignal.kill.number), !worker.endedByArbiter {
            message += ", perhaps out of memory"
        }
        let clean = worker.endedByArbiter || exit == .exited(0)
        var actions: [ArbiterAction] = [.releaseSlot(worker.spec.slot), .log(clean ? .info : .error, message)]
        switch phase {
        case .stopping, .halting:
            return actions
        case .booting, .running:
            break
        }
        let position = worker.spec.position
        let crashed = !worker.endedByArbiter && worker.spec.generation == generation
        if let reason = crashed ? .crash : worker.restartReason {
            actions.append(.countRestart(reason))
        }
        if crashed {
            let early = worker.readyAt.map { now - $0 < settings.stableAfter } ?? true
            failures[position] = early ? failures[position, default: 0] + 1 : 0
            let failedBoot = worker.readyAt == nil
            let reason = bootError ?? message
            if failedBoot, phase == .booting, exit == .exited(Self.bootFailureExitStatus) || bootError != nil {
                return actions + halt(message: reason)
            }
            if failedBoot, phase == .booting, failures[position, default: 0] >= Self.firstBootAttempts {
                return actions + halt(message: "\(reason), \(Self.firstBootAttempts) times in a row before it was ready")
            }
            if failedBoot, reload.replacing != nil {
                actions += abortReload(message: reason)
            }
        }
        if pending[position] == nil, !isHeld(position), position < settings.workers, worker.spec.generation == generation {
            actions += schedule(position: position, preferredSlot: worker.spec.slot, now: now)
        }
        return actions
    }

    /// Stops everything after a first-generation boot failure, the supervisor to exit non-zero
    /// once the workers are reaped; nothing once the first generation is up.
    mutating func halt(message: String) -> [ArbiterAction] {
        guard phase == .booting else { return [] }
        phase = .halting(Self.bootFailureExitStatus)
        pending = [:]
        return [.log(.critical, "a worker failed to boot, stopping: \(message)")] + killAll()
    }

    mutating func killAll() -> [ArbiterAction] {
        var actions: [ArbiterAction] = []
        for (pid, worker) in workers.sorted(by: { $0.key < $1.key }) where worker.state != .killed && bootErrors[pid] == nil {
            workers[pid]?.state = .killed
            actions.append(.signal(pid: pid, .kill))
        }
        return actions
    }

    /// Leaves the run loop once a stop has no worker left: the last step of every event.
    mutating func exitIfDone() -> [ArbiterAction] {
        guard workers.isEmpty, launching.isEmpty else { return [] }
        switch phase {
        case .stopping:
            return [.log(.info, "all workers stopped"), .exit(0)]
        case .halting(let status):
            return [.exit(status)]
        case .booting, .running:
            return []
        }
    }
}
