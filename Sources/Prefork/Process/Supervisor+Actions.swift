import Foundation
import Glibc
import Logging

extension Supervisor {
    /// Carries out the arbiter's actions in order, feeding back the events they cause.
    func perform(_ actions: [ArbiterAction]) {
        for action in actions { perform(action) }
    }

    private func perform(_ action: ArbiterAction) {
        switch action {
        case .spawn(let spec):
            spawn(spec)
        case .signal(let pid, let signal):
            kill(pid, signal.number)
        case .releaseSlot(let slot):
            scoreboard?.retireSlot(slot)
            releaseUnusedPayloads()
        case .countRestart(let reason):
            scoreboard?.countRestart(reason)
        case .closeSocket(let position):
            if sockets.close(position: position) {
                logger.info("position \(position) is gone: its worker drains and closes its sockets")
            }
        case .markStopping:
            scoreboard?.markStopping()
        case .notify(let notification):
            notify(notification)
        case .log(let level, let message):
            logger.log(level: Logger.Level(level), "\(message)")
        case .reload:
            reloadConfig()
        case .reopenLogs:
            reopenLogs?()
        case .reexec:
            startUpgrade()
        case .exit(let status):
            exitStatus = status
        }
    }

    private func spawn(_ spec: WorkerSpec) {
        let now = MonotonicClock.seconds()
        guard let scoreboard, let statusPipe, let payload = payloads[spec.generation] else {
            perform(arbiter.spawnFailed(slot: spec.slot, message: "supervisor is shutting down", now: now))
            return
        }
        scoreboard.resetSlot(spec.slot, generation: spec.generation, position: spec.position, now: MonotonicClock.nanoseconds())
        let listening = sockets.sockets(forPosition: spec.position, logger: logger).map(\.fileDescriptor)
        let environment = [
            WorkerEnvironment.slot: String(spec.slot),
            WorkerEnvironment.generation: String(spec.generation),
            WorkerEnvironment.position: String(spec.position),
            WorkerEnvironment.listenFDs: listening.map(String.init).joined(separator: ","),
            WorkerEnvironment.reusePort: sockets.reusePort ? "1" : "0",
            WorkerEnvironment.scoreboardFD: String(scoreboard.fileDescriptor),
            WorkerEnvironment.statusFD: String(statusPipe.writeEnd),
            WorkerEnvironment.payloadFD: String(payload.fileDescriptor),
            WorkerEnvironment.supervisorPID: String(getpid()),
            WorkerEnvironment.namedListenFDs: namedSockets.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.fileDescriptor)" }.joined(separator: ","),
        ]
        let inherited = listening + namedSockets.values.map(\.fileDescriptor) + [scoreboard.fileDescriptor, statusPipe.writeEnd, payload.fileDescriptor]
        let title = ProcessTitle.worker(procName: config.procName, slot: spec.slot, generation: spec.generation)
        do {
            let pid = try spawner.spawn(environment: environment, inheriting: inherited, argumentZero: title)
            scoreboard.setPid(pid, slot: spec.slot)
            perform(arbiter.spawned(slot: spec.slot, pid: pid, now: MonotonicClock.seconds()))
        } catch {
            scoreboard.retireSlot(spec.slot)
            perform(arbiter.spawnFailed(slot: spec.slot, message: "\(error)", now: MonotonicClock.seconds()))
        }
    }

    /// Closes the payloads of generations that have no worker left and will get no new one.
    private func releaseUnusedPayloads() {
        let inUse = Set(arbiter.livePids.compactMap { arbiter.spec(of: $0)?.generation } + [arbiter.generation])
        for generation in payloads.keys where !inUse.contains(generation) {
            payloads[generation] = nil
        }
    }

    private func notify(_ notification: SupervisorNotification) {
        do {
            switch notification {
            case .ready: try notifier.ready(status: statusLine)
            case .reloading: try notifier.reloading()
            case .stopping: try notifier.stopping()
            }
        } catch {
            logger.warning("\(error)")
        }
    }

    private func reloadConfig() {
        let now = MonotonicClock.seconds()
        guard let reload else {
            let actions = arbiter.reloadLoaded(arbiter.settings, now: now)
            payloads[arbiter.generation] = payloads[arbiter.generation] ?? (try? PayloadFile(Array(initialPayload)))
            perform(actions)
            return
        }
        do {
            let (newConfig, payload) = try reload()
            if newConfig.bind != config.bind || newConfig.reusePort != config.reusePort {
                logger.warning("bind and reuse_port changes take effect on restart, not on reload")
            }
            if newConfig.controlSocketPath != config.controlSocketPath {
                logger.warning("control_socket changes take effect on restart, not on reload")
            }
            let file = try PayloadFile(Array(payload))
            var settings = ArbiterSettings(config: newConfig, cpus: CPUBudget.current.cpus)
            settings.maxWorkers = arbiter.settings.maxWorkers
            let before = arbiter.generation
            let actions = arbiter.reloadLoaded(settings, now: now)
            if arbiter.generation != before {
                payloads[arbiter.generation] = file
                generationPayloads[arbiter.generation] = payload
            }
            perform(actions)
        } catch {
            lastReloadError = "\(error)"
            perform(arbiter.reloadFailed(message: "\(error)", now: now))
        }
    }
}

extension Logger.Level {
    init(_ level: LogLevel) {
        switch level {
        case .debug: self = .debug
        case .info: self = .info
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
