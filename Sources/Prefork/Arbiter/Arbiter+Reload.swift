extension Arbiter {
    mutating func requestReload() -> [ArbiterAction] {
        guard phase == .running else {
            return [.log(.warning, "HUP ignored: reload only once all workers are up")]
        }
        guard !isReloading else {
            return [.log(.warning, "HUP ignored: a reload is already in progress")]
        }
        let next = lastGeneration + 1
        reload = .loading(generation: next)
        payloadGenerations.insert(next)
        return [.log(.info, "HUP: reloading the configuration"), .notify(.reloading), .reload(generation: next)]
    }

    /// The reload closure returned new settings: start a new generation beside the old one.
    ///
    /// The new generation has the number the `reload` action carried, under which the
    /// supervisor stored the new payload. `maxWorkers` stays the one this supervisor started with.
    public mutating func reloadLoaded(_ newSettings: ArbiterSettings, now: Double) -> [ArbiterAction] {
        guard let next = reload.loadingGeneration, phase == .running else { return releaseUnusedPayloads() }
        var newSettings = newSettings
        newSettings.maxWorkers = settings.maxWorkers
        guard fitsCeiling(newSettings.workers) else {
            return reloadFailed(
                message: "workers \(newSettings.workers) exceeds the \(settings.maxWorkers) this supervisor was started for; restart it instead",
                now: now)
        }
        reload = .starting(replacing: .init(generation: generation, settings: settings, countSetBy: countSetBy))
        lastGeneration = next
        generation = next
        var line = "starting generation \(generation) with \(newSettings.workers) worker(s)"
        if let setBy = countSetBy, settings.workers != newSettings.workers {
            line += " from the config, replacing the \(settings.workers) set by \(setBy)"
        }
        countSetBy = nil
        settings = newSettings
        return [.log(.info, line)] + reconcile(now: now)
    }

    /// The reload closure threw: the old generation keeps serving.
    public mutating func reloadFailed(message: String, now: Double) -> [ArbiterAction] {
        guard reload.loadingGeneration != nil else { return [] }
        reload = .idle
        return [.log(.error, "reload failed, generation \(generation) keeps serving: \(message)"), .notify(.ready)]
            + releaseUnusedPayloads()
    }

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
    mutating func abortReload(message: String, now: Double) -> [ArbiterAction] {
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
        return actions + [.notify(.ready)] + reconcile(now: now) + releaseUnusedPayloads()
    }
}
