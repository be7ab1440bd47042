/// What carrying out an action reports back to the arbiter.
///
/// The supervisor queues these on its loop while it performs an action list and hands them
/// to `Arbiter.handle(_:now:)` once the list is done, so performing never re-enters the arbiter.
public enum ArbiterEvent: Sendable, Equatable {
    /// The worker of a `spawn` action started with this pid.
    case spawned(slot: Int, pid: Int32)
    /// The worker of a `spawn` action could not be started.
    case spawnFailed(slot: Int, message: String)
    /// A `reload` action loaded these settings (its payload is stored under the generation it named).
    case reloadLoaded(ArbiterSettings)
    /// A `reload` action could not load the config.
    case reloadFailed(message: String)
}

extension Arbiter {
    /// Takes the result of an action the supervisor carried out; returns the actions that follow.
    public mutating func handle(_ event: ArbiterEvent, now: Double) -> [ArbiterAction] {
        switch event {
        case .spawned(let slot, let pid): spawned(slot: slot, pid: pid, now: now)
        case .spawnFailed(let slot, let message): spawnFailed(slot: slot, message: message, now: now)
        case .reloadLoaded(let settings): reloadLoaded(settings, now: now)
        case .reloadFailed(let message): reloadFailed(message: message, now: now)
        }
    }
}
