import FoundationEssentials
import Glibc
import Logging

extension Supervisor {
    /// Opens the control socket before privileges are dropped (its folder may be root's), owned by
    /// the target user; a USR2 successor takes the path over from the supervisor it replaces.
    func openControlSocket(privileges: PrivilegeDrop, successor: Bool) throws(ControlSocketError) {
        guard let path = config.controlSocketPath else { return }
        control = try ControlServer(path: path, takeOver: successor, privileges: privileges)
        logger.info("control socket at \(path)")
    }

    /// Binds the control socket again when a USR2 successor that failed took its path (and
    /// removed the file as it exited); this process already runs as the server's user.
    func reclaimControlSocket() {
        guard let current = control, !current.holdsPath else { return }
        current.stop(keepSocketFile: true)
        control = nil
        do {
            try openControlSocket(privileges: try PrivilegeDrop(user: nil, group: nil), successor: true)
            control?.start(allowedUID: geteuid(), logger: logger)
        } catch {
            logger.error("\(error); the control socket cannot reach this server until it restarts")
        }
    }

    /// Answers the control commands queued since the last turn of the loop, as events on it.
    func handleControlCalls(now: Double) {
        for call in control?.inbox.drain() ?? [] {
            do {
                call.reply(ControlAnswer.success(try answer(to: call.command, now: now)))
            } catch {
                call.reply(ControlAnswer.failure("\(call.command.name): \(error)"))
            }
        }
    }

    private func answer(to command: ControlCommand, now: Double) throws -> [String: JSONValue] {
        switch command {
        case .status:
            guard let scoreboard else { throw ControlRefusal("the supervisor is shutting down") }
            let report = controlReports.status(getpid(), scoreboard.snapshot())
            return ["status": ControlAnswer.value(fromJSON: report.json), "text": .string(report.text)]
        case .config:
            let report = try controlReports.config(generationPayloads[arbiter.generation] ?? initialPayload)
            return ["config": ControlAnswer.value(fromJSON: report.json), "text": .string(report.text)]
        case .workers(let count):
            return try decide(.setWorkers(count), now: now)
        case .reload:
            return try decide(.reload, now: now)
        case .recycle(let target):
            return try decide(.recycle(slotOrPid: target), now: now)
        case .reopenLogs:
            return try decide(.reopenLogs, now: now)
        case .stop(let fast):
            return try decide(.stop(fast: fast), now: now)
        }
    }

    /// Hands a command to the arbiter, carries out what it decides and renders its answer; a
    /// refusal is thrown.
    private func decide(_ command: ArbiterCommand, now: Double) throws(ControlRefusal) -> [String: JSONValue] {
        guard let reply = handle(.control(command), now: now) else {
            throw ControlRefusal("the supervisor gave no answer; see the error log")
        }
        switch try reply.get() {
        case .workers(let count, let previous, let clampedFrom):
            var answer: [String: JSONValue] = [
                "workers": .integer(count), "previous": .integer(previous),
                "text": .string("\(count) worker(s), was \(previous); the next reload (HUP) sets workers from the config file again"),
            ]
            if let clampedFrom, let bounds = arbiter.settings.autoscaling {
                answer["requested"] = .integer(clampedFrom)
                answer["text"] = .string("\(count) worker(s) (\(clampedFrom) asked for: autoscaling keeps \(bounds.floor)...\(bounds.ceiling)), "
                    + "was \(previous); the next reload (HUP) sets workers from the config file again")
            }
            return answer
        case .reloading(let generation, let previous):
            return [
                "generation": .integer(generation),
                "text": "generation \(generation) starting; generation \(previous) drains once it is ready",
            ]
        case .recycling(let pid, let slot):
            return [
                "pid": .integer(Int(pid)), "slot": .integer(slot),
                "text": "recycling worker pid \(pid) (slot \(slot)): it drains once its replacement is ready",
            ]
        case .reopeningLogs(let workers):
            return ["text": "reopening the log files: the supervisor now, its \(workers) worker(s) on USR1"]
        case .stopping(let fast, let gracefulTimeout):
            return [
                "stopping": fast ? "fast" : "graceful",
                "text": fast
                    ? "fast stop: workers are told to quit now"
                    : "graceful stop: workers finish their requests within graceful_timeout (\(formatted(gracefulTimeout)) s)",
            ]
        }
    }
}
