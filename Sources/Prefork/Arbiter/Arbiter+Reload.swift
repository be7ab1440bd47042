extension Arbiter {
    /// HUP or `ctl reload` while running and no reload is under way: the supervisor is asked for the
    /// config of the next generation number.
    mutating func beginReload() -> [ArbiterAction] {
        let next = lastGeneration + 1
        reload = .loading(generation: next)
        payloadGenerations.insert(next)
        return [.log(.info, "HUP: reloading the configuration"), .notify(.reloading), .reload(generation: next)]
    }

    /// The reload closure returned new settings: start a new generation beside the old one.
    ///
    /// The new generation has the number the `reload` action carried, under which the
    /// supervisor stored the new payload. `maxWorkers` stays the one this supervisor started with.
    mutating func reloadLoaded(_ newSettings: ArbiterSettings) -> ArbiterOutcome {
        guard let next = reload.loadingGeneration, phase == .running else { return .refused(Self.reloadDropped) }
        var newSettings = newSettings
        newSettings.maxWorkers = settings.maxWorkers
        guard fitsCeiling(newSettings.workers) else {
            return reloadFailed(
                message: "workers \(newSettings.workers) exceeds the \(settings.maxWorkers) this supervisor was started for; restart it instead")
        }
        let previous = generation
        reload = .starting(replacing: .init(generation: generation, settings: settings, countSetBy: countSetBy))
        lastGeneration = next
        generation = next
        var line = "starting generation \(generation) with \(newSettings.workers) worker(s)"
        if let setBy = countSetBy, settings.workers != newSettings.workers {
            line += " from the config, replacing the \(settings.workers) set by \(setBy)"
        }
        countSetBy = nil
        settings = newSettings
        return ArbiterOutcome(actions: [.log(.info, line)], reply: .success(.reloading(generation: next, previous: previous)))
    }

    /// The reload closure threw, or its settings cannot be run: the old generation keeps serving.
    mutating func reloadFailed(message: String) -> ArbiterOutcome {
        guard reload.loadingGeneration != nil else { return .refused(Self.reloadDropped) }
        reload = .idle
        let line = "reload failed, generation \(generation) keeps serving: \(message)"
        return ArbiterOutcome(actions: [.log(.error, line), .notify(.ready)], reply: .failure(ControlRefusal(line)))
    }

    /// The answer to a config that arrives when no reload waits for it: a stop dropped the reload.
    private static let reloadDropped = "the reload was dropped: the server is stopping"

    /// Every position of the new generation is ready: the old generation is drained next.
    mutating func finishReload() -> [ArbiterAction] {
        guard let replaced = reload.replacing else { return [] }
        reload = .idle
        return [
            .log(.info, "generation \(generation) ready, draining generation \(replaced.generation)"),
            .notify(.ready),
        ]
    }

    /// A worker of the new generation could not boot: kill that generation, keep the old one.
    mutating func abortReload(message: String) -> [ArbiterAction] {
        guard let replaced = reload.replacing else { return [] }
        let failed = generation
        // A count set by TTIN, TTOU or `ctl workers` while the new generation booted stays;
        // otherwise the old generation's count comes back with it.
        var restored = replaced.settings
        if countSetBy != nil {
            restored.workers = settings.workers
        } else {
            countSetBy = replaced.countSetBy
        }
        let count = "\(restored.workers) worker(s)" + (countSetBy.map { " (set by \($0))" } ?? "")
        var actions: [ArbiterAction] = [
            .log(.error, "reload failed, generation \(failed) could not boot; generation \(replaced.generation) keeps serving "
                + "with \(count): \(message)")
        ]
        for (pid, worker) in workers.sorted(by: { $0.key < $1.key })
        where worker.spec.generation == failed && worker.state != .killed && bootErrors[pid] == nil {
            workers[pid]?.state = .killed
            actions.append(.signal(pid: pid, .kill))
        }
        for (pid, worker) in workers where worker.spec.generation == replaced.generation && worker.state == .retiring {
            workers[pid]?.state = .ready
            workers[pid]?.restartReason = nil
        }
        pending = [:]
        generation = replaced.generation
        settings = restored
        reload = .idle
        return actions + [.notify(.ready)]
    }
}
