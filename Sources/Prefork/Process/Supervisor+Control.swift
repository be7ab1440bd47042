import Foundation
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
            logger.error("\(error); tagifai ctl cannot reach this server until it restarts")
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

    private func answer(to command: ControlCommand, now: Double) throws -> [String: Any] {
        switch command {
        case .status:
            guard let scoreboard else { throw ControlRefusal("the supervisor is shutting down") }
            let report = controlReports.status(getpid(), scoreboard.snapshot())
            return ["status": ControlAnswer.object(fromJSON: report.json), "text": report.text]
        case .workers(let count):
            let previous = arbiter.settings.workers
            apply(try arbiter.setWorkers(count, now: now))
            return [
                "workers": count, "previous": previous,
                "text": "\(count) worker(s), was \(previous); the next reload (HUP) sets workers from the config file again",
            ]
        case .reload:
            guard arbiter.phase == .running, !arbiter.isReloading else {
                throw ControlRefusal(arbiter.isReloading
                    ? "a reload is already in progress" : "reload only once all workers are up and while running")
            }
            let before = arbiter.generation
            lastReloadError = nil
            apply(arbiter.signal(.hup, now: now))
            guard arbiter.generation != before else {
                throw ControlRefusal("reload failed, generation \(before) keeps serving: \(lastReloadError ?? "see the error log")")
            }
            return [
                "generation": arbiter.generation,
                "text": "generation \(arbiter.generation) starting; generation \(before) drains once it is ready",
            ]
        case .recycle(let target):
            guard let (pid, spec) = arbiter.worker(slotOrPid: target) else {
                throw ControlRefusal("no live worker has slot or pid \(target); see tagifai ctl status")
            }
            apply(try arbiter.recycle(pid: pid, now: now))
            return [
                "pid": Int(pid), "slot": spec.slot,
                "text": "recycling worker pid \(pid) (slot \(spec.slot)): it drains once its replacement is ready",
            ]
        case .reopenLogs:
            apply(arbiter.signal(.usr1, now: now))
            return ["text": "reopening the log files: the supervisor now, its \(arbiter.livePids.count) worker(s) on USR1"]
        case .config:
            let report = try controlReports.config(generationPayloads[arbiter.generation] ?? initialPayload)
            return ["config": ControlAnswer.object(fromJSON: report.json), "text": report.text]
        case .stop(let fast):
            guard arbiter.phase == .booting || arbiter.phase == .running else {
                throw ControlRefusal("the server is already stopping")
            }
            apply(arbiter.signal(fast ? .int : .term, now: now))
            return [
                "stopping": fast ? "fast" : "graceful",
                "text": fast
                    ? "fast stop: workers are told to quit now"
                    : "graceful stop: workers finish their requests within graceful_timeout "
                        + "(\(formatted(arbiter.settings.gracefulTimeout)) s)",
            ]
        }
    }
}
