extension Arbiter {
    /// A signal delivered to the supervisor.
    mutating func received(_ signal: ProcessSignal, now: Double) -> [ArbiterAction] {
        switch signal {
        case .term:
            return stop(graceful: true, now: now)
        case .int, .quit:
            return stop(graceful: false, now: now)
        case .hup:
            guard phase == .running else {
                return [.log(.warning, "HUP ignored: reload only once all workers are up")]
            }
            guard !isReloading else {
                return [.log(.warning, "HUP ignored: a reload is already in progress")]
            }
            return beginReload()
        case .ttin:
            guard phase == .booting || phase == .running else { return [] }
            guard fitsCeiling(settings.workers + 1) else {
                return [.log(.warning, "TTIN ignored: already at the most workers (\(settings.maxWorkers))")]
            }
            guard operatorBounds.contains(settings.workers + 1) else {
                return [.log(.warning, "TTIN ignored: autoscaling runs at most workers_max (\(operatorBounds.upperBound)) worker(s)")]
            }
            settings.workers += 1
            countSetBy = "TTIN"
            countSetByOperator(now: now)
            return [.log(.info, "TTIN: \(settings.workers) worker(s)")]
        case .ttou:
            guard phase == .booting || phase == .running else { return [] }
            guard fitsCeiling(settings.workers - 1) else {
                return [.log(.warning, "TTOU ignored: never fewer than one worker")]
            }
            guard operatorBounds.contains(settings.workers - 1) else {
                return [.log(.warning, "TTOU ignored: autoscaling runs at least workers (\(operatorBounds.lowerBound)) worker(s)")]
            }
            settings.workers -= 1
            countSetBy = "TTOU"
            countSetByOperator(now: now)
            return [.log(.info, "TTOU: \(settings.workers) worker(s)")]
        case .usr1:
            return reopenLogs()
        case .usr2:
            guard phase == .running else {
                return [.log(.warning, "USR2 ignored: the server is not running steadily")]
            }
            return [.log(.info, "USR2: starting a new supervisor from the binary on disk"), .reexec]
        case .chld, .abrt, .kill:
            return []
        }
    }

    /// The log line naming signals read from the signal pipe in one turn of the loop, in the
    /// order the supervisor then hands them over as `signal` events: the order they were delivered in.
    /// CHLD is left out (the loop reaps children after the other signals).
    public func receivedTogether(_ signals: [ProcessSignal]) -> [ArbiterAction] {
        let handled = signals.filter { $0 != .chld }
        guard handled.count > 1 else { return [] }
        let names = handled.map { ProcessSignal.name(of: $0.number) }.joined(separator: ", ")
        return [.log(.info, "signals received together, handled in the order they arrived: \(names)")]
    }

    /// TERM (`graceful`), INT or QUIT: every worker is drained, or told to quit at once.
    mutating func stop(graceful: Bool, now: Double) -> [ArbiterAction] {
        var actions: [ArbiterAction] = []
        switch phase {
        case .halting, .stopping(graceful: false):
            return []
        case .stopping(graceful: true) where graceful:
            return []
        case .stopping:
            break
        case .booting, .running:
            actions += [.markStopping, .notify(.stopping)]
        }
        phase = .stopping(graceful: graceful)
        pending = [:]
        reload = .idle
        actions.append(.log(.info, graceful
            ? "TERM: graceful stop, workers have \(formatted(settings.gracefulTimeout)) s to finish"
            : "fast stop"))
        for (pid, worker) in workers.sorted(by: { $0.key < $1.key }) {
            switch worker.state {
            case .killed:
                continue
            case .draining where graceful:
                continue
            default:
                break
            }
            if graceful {
                actions += drain(pid, now: now)
            } else {
                workers[pid]?.state = .aborting(killAt: now + settings.fastStopGrace)
                actions.append(.signal(pid: pid, .quit))
            }
        }
        return actions
    }

    /// USR1: the supervisor and every worker reopen their log files (logrotate).
    mutating func reopenLogs() -> [ArbiterAction] {
        [.log(.info, "USR1: reopening log files"), .reopenLogs] + workers.keys.sorted().map { .signal(pid: $0, .usr1) }
    }
}
