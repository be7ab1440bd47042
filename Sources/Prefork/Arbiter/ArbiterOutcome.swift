/// The answer to a control command: what it set going, or why it was declined.
public typealias ArbiterReply = Result<ArbiterCommandResult, ControlRefusal>

/// What the arbiter decided for one event: the actions to carry out, and the answer to the
/// control command the event settles, if it settles one.
public struct ArbiterOutcome: Sendable, Equatable {
    /// What the POSIX layer carries out, in order.
    public var actions: [ArbiterAction]
    /// The answer for `tagifai ctl`. A `control` event carries its own, except an accepted `reload`:
    /// its answer comes with the `reloadLoaded` or `reloadFailed` that its `reload` action brings
    /// (which answer whether a command or HUP asked; the supervisor knows whether one waits).
    /// Nil for every other event.
    public var reply: ArbiterReply?

    /// An outcome of these actions, with this answer.
    public init(actions: [ArbiterAction] = [], reply: ArbiterReply? = nil) {
        self.actions = actions
        self.reply = reply
    }

    /// A control command declined, with nothing done.
    static func refused(_ reason: String) -> ArbiterOutcome {
        ArbiterOutcome(reply: .failure(ControlRefusal(reason)))
    }
}
