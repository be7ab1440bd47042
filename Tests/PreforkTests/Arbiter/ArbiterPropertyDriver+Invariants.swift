@testable import Prefork

extension ArbiterPropertyDriver {
    /// Checks a step's actions and the arbiter's state after it.
    mutating func check(
        _ actions: [ArbiterAction], countBefore: Int, byOperator: Bool, byAutoscaling: Bool = false, generationBefore: Int
    ) throws(ArbiterViolation) {
        try checkActions(actions)
        try checkTracking()
        try checkCount(
            actions, countBefore: countBefore, byOperator: byOperator, byAutoscaling: byAutoscaling,
            generationBefore: generationBefore)
    }

    /// Sends a control command and checks its answer: every command is answered, in its own
    /// outcome, except an accepted `reload`, whose answer comes with its config; a refused
    /// command does nothing.
    mutating func control(_ command: ArbiterCommand, countBefore: Int) throws(ArbiterViolation) -> [ArbiterAction] {
        let outcome = harness.send(.control(command))
        switch outcome.reply {
        case nil:
            guard command == .reload, outcome.actions.contains(where: { if case .reload = $0 { true } else { false } }) else {
                throw ArbiterViolation(invariant: "every control command is answered", detail: "no answer to \(command)")
            }
        case .failure(let refusal):
            let done = outcome.actions.filter { if case .log = $0 { false } else { true } }
            guard done.isEmpty, harness.arbiter.settings.workers == countBefore else {
                throw ArbiterViolation(
                    invariant: "a refused control command does nothing",
                    detail: "\(command) refused (\(refusal)) but \(done), workers \(countBefore) → \(harness.arbiter.settings.workers)")
            }
        case .success:
            break
        }
        return outcome.actions
    }

    /// Checks that a config's outcome answers the `ctl reload` that may wait for it.
    func loaded(_ outcome: ArbiterOutcome) throws(ArbiterViolation) -> [ArbiterAction] {
        guard outcome.reply != nil else {
            throw ArbiterViolation(invariant: "every control command is answered", detail: "a config outcome without an answer")
        }
        return outcome.actions
    }

    private mutating func checkActions(_ actions: [ArbiterAction]) throws(ArbiterViolation) {
        if let exit = actions.firstIndex(where: { if case .exit = $0 { true } else { false } }), exit != actions.count - 1 {
            throw ArbiterViolation(invariant: "exit is the last action", detail: "\(actions[exit...])")
        }
        for action in actions {
            switch action {
            case .signal(let pid, let signal):
                guard alive.contains(pid) else {
                    throw ArbiterViolation(invariant: "signals go to live children only", detail: "\(signal) to reaped pid \(pid)")
                }
                if signal != .usr1 { told.insert(pid) }
            case .reload:
                guard !reloadAsked else {
                    throw ArbiterViolation(invariant: "never two reloads at once", detail: "a reload action before the last one's outcome")
                }
                reloadAsked = true
            case .notify(.reloading):
                guard !reloading else {
                    throw ArbiterViolation(invariant: "never two reloads at once", detail: "RELOADING twice without READY between")
                }
                reloading = true
            case .notify(.ready), .notify(.stopping):
                reloading = false
            case .exit:
                guard alive.isEmpty, !exited else {
                    throw ArbiterViolation(invariant: "exits once, with every child reaped", detail: "alive: \(alive.sorted())")
                }
                exited = true
            default:
                break
            }
        }
    }

    private func checkTracking() throws(ArbiterViolation) {
        let arbiter = harness.arbiter
        let tracked = Set(arbiter.workers.keys)
        guard tracked == alive, arbiter.launching.isEmpty else {
            throw ArbiterViolation(
                invariant: "every spawned worker is tracked until reaped",
                detail: "untracked \(alive.subtracting(tracked).sorted()), phantom \(tracked.subtracting(alive).sorted())")
        }
        guard (1...arbiter.settings.maxWorkers).contains(arbiter.settings.workers) else {
            throw ArbiterViolation(invariant: "worker count within bounds", detail: "workers = \(arbiter.settings.workers)")
        }
        if let limits = arbiter.settings.autoscaling,
           !(limits.floor...max(limits.floor, min(limits.ceiling, arbiter.settings.maxWorkers))).contains(arbiter.settings.workers) {
            throw ArbiterViolation(
                invariant: "while autoscaling, the count stays within workers...workers_max and the capacity",
                detail: "workers = \(arbiter.settings.workers), bounds \(limits.floor)...\(limits.ceiling), capacity \(arbiter.settings.maxWorkers)")
        }
        let slots = arbiter.workers.values.map(\.spec.slot)
        guard Set(slots).count == slots.count, slots.allSatisfy({ (0..<arbiter.slotCapacity).contains($0) }) else {
            throw ArbiterViolation(
                invariant: "live workers hold distinct slots of the scoreboard", detail: "slots \(slots.sorted())")
        }
        if case .loading = arbiter.reload, !reloadAsked {
            throw ArbiterViolation(
                invariant: "a config is loading only while a reload action awaits its outcome", detail: "\(arbiter.reload)")
        }
        guard reloading == (arbiter.reload != .idle) else {
            throw ArbiterViolation(
                invariant: "systemd hears RELOADING exactly while a reload is under way",
                detail: "RELOADING \(reloading ? "told" : "not told"), reload \(arbiter.reload)")
        }
    }

    /// The count the operator follows: it never changes without a log line giving it, and a count
    /// an operator set is never replaced without a line saying so (autoscaling's line gives its reason).
    private mutating func checkCount(
        _ actions: [ArbiterAction], countBefore: Int, byOperator: Bool, byAutoscaling: Bool, generationBefore: Int
    ) throws(ArbiterViolation) {
        let count = harness.arbiter.settings.workers
        let logs = ArbiterHarness.logs(in: actions)
        if count != countBefore {
            guard logs.contains(where: { $0.contains("\(count) worker(s)") }) else {
                throw ArbiterViolation(
                    invariant: "the worker count never changes without a log line",
                    detail: "\(countBefore) → \(count), logs: \(logs)")
            }
            if !byOperator, !byAutoscaling, let set = operatorCount, set == countBefore,
                !logs.contains(where: { $0.contains("replacing the \(set) set by") })
            {
                throw ArbiterViolation(
                    invariant: "a count the operator set is never replaced silently",
                    detail: "\(set) → \(count), logs: \(logs)")
            }
        }
        if byOperator, count != countBefore {
            operatorCount = count
        } else if harness.arbiter.generation > generationBefore || count != countBefore {
            operatorCount = nil
        }
    }
}
