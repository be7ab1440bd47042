import FoundationEssentials
import Glibc
import Logging

extension Supervisor {
    /// Hands the arbiter an event and carries out the actions it decides on, then hands it the
    /// events they queued (a spawned pid, a loaded config) one at a time, carrying out what each
    /// calls for, until the queue is empty. Returns the answer to a control command among the
    /// outcomes: a `control` event's own, or for `ctl reload` that of the config it loaded.
    @discardableResult
    func handle(_ event: ArbiterEvent, now: Double) -> ArbiterReply? {
        var outcome = arbiter.handle(event, now: now)
        var reply = outcome.reply
        perform(outcome.actions)
        while !events.isEmpty {
            outcome = arbiter.handle(events.removeFirst(), now: MonotonicClock.seconds())
            reply = reply ?? outcome.reply
            perform(outcome.actions)
        }
        return reply
    }

    /// Carries out actions in order; their results go on the event queue, never to the arbiter.
    ///
    /// Once the server stops, its own copies of the listening sockets close before any action, so
    /// before any worker is told to drain: each worker takes what its socket's queue holds before it
    /// closes its copy, and the last holder of a socket is a worker that has just emptied it, never
    /// the supervisor with no one accepting (whose close would reset what queued in the meantime).
    func perform(_ actions: [ArbiterAction]) {
        closeListeningSocketsOnStop()
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
        case .releasePayload(let generation):
            payloads[generation] = nil
            sharedFiles[generation] = nil
            generationPayloads[generation] = nil
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
        case .reload(let generation):
            reloadConfig(generation: generation)
        case .reopenLogs:
            reopenLogs?()
        case .reexec:
            startUpgrade()
        case .exit(let status):
            exitStatus = status
        }
    }

    private func spawn(_ spec: WorkerSpec) {
        guard let scoreboard, let statusPipe, let payload = payloads[spec.generation] else {
            events.append(.spawnFailed(slot: spec.slot, message: "supervisor is shutting down"))
            return
        }
        scoreboard.resetSlot(spec.slot, generation: spec.generation, position: spec.position, now: MonotonicClock.nanoseconds())
        let listening = sockets.sockets(forPosition: spec.position, logger: logger).map(\.fileDescriptor)
        let shared = sharedFileHandOver(generation: spec.generation)
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
            WorkerEnvironment.sharedFiles: shared.variable,
            WorkerEnvironment.namedListenFDs: namedSockets.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.fileDescriptor)" }.joined(separator: ","),
        ]
        let inherited = listening + namedSockets.values.map(\.fileDescriptor) + [scoreboard.fileDescriptor, statusPipe.writeEnd, payload.fileDescriptor]
            + shared.descriptors
        let title = ProcessTitle.worker(procName: config.procName, slot: spec.slot, generation: spec.generation)
        do {
            let pid = try spawner.spawn(environment: environment, inheriting: inherited, argumentZero: title)
            scoreboard.setPid(pid, slot: spec.slot)
            events.append(.spawned(slot: spec.slot, pid: pid))
        } catch {
            scoreboard.retireSlot(spec.slot)
            events.append(.spawnFailed(slot: spec.slot, message: "\(error)"))
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

    /// Loads the config for `generation`, keeps its payload under that number, and queues the outcome.
    private func reloadConfig(generation: Int) {
        guard let reload else {
            do {
                sharedFiles[generation] = try loadSharedFiles(for: initialPayload)
                payloads[generation] = try PayloadFile(Array(initialPayload))
                events.append(.reloadLoaded(arbiter.settings))
            } catch {
                events.append(.reloadFailed(message: "\(error)"))
            }
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
            sharedFiles[generation] = try loadSharedFiles(for: payload)
            payloads[generation] = try PayloadFile(Array(payload))
            generationPayloads[generation] = payload
            events.append(.reloadLoaded(ArbiterSettings(config: newConfig, cpus: CPUBudget.current.cpus)))
        } catch {
            events.append(.reloadFailed(message: "\(error)"))
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
