extension Arbiter {
    /// Takes one event with the current monotonic time in seconds, and returns the actions that
    /// follow and, for a control command, its answer: the only way the arbiter's state changes.
    ///
    /// Whatever the event, the same closing step ends it, in this order: the workers are brought
    /// in line with the settings (`reconcile`), the payloads no generation needs any more are
    /// released, and a stop with no worker left exits, so `exit` is always the last action.
    public mutating func handle(_ event: ArbiterEvent, now: Double) -> ArbiterOutcome {
        var outcome = respond(to: event, now: now)
        outcome.actions += reconcile(now: now) + releaseUnusedPayloads() + exitIfDone()
        return outcome
    }

    /// What the event itself calls for, before the closing step.
    private mutating func respond(to event: ArbiterEvent, now: Double) -> ArbiterOutcome {
        switch event {
        case .start:
            ArbiterOutcome(actions: [.log(.info, "starting \(settings.workers) worker(s)")])
        case .signal(let signal):
            ArbiterOutcome(actions: received(signal, now: now))
        case .tick(let readings):
            ArbiterOutcome(actions: tick(now: now, readings: readings))
        case .spawned(let slot, let pid):
            ArbiterOutcome(actions: spawned(slot: slot, pid: pid, now: now))
        case .spawnFailed(let slot, let message):
            ArbiterOutcome(actions: spawnFailed(slot: slot, message: message))
        case .workerReady(let pid):
            ArbiterOutcome(actions: workerReady(pid: pid, now: now))
        case .workerBootFailed(let pid, let message):
            ArbiterOutcome(actions: workerBootFailed(pid: pid, message: message, now: now))
        case .childExited(let pid, let exit):
            ArbiterOutcome(actions: childExited(pid: pid, exit: exit, now: now))
        case .reloadLoaded(let settings):
            reloadLoaded(settings)
        case .reloadFailed(let message):
            reloadFailed(message: message)
        case .load(let load):
            ArbiterOutcome(actions: autoscale(load, now: now))
        case .control(let command):
            control(command, now: now)
        }
    }
}
