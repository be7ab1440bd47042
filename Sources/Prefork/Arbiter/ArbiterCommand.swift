/// A `tagifai ctl` command that the arbiter decides, answered in the `reply` of an `ArbiterOutcome`.
public enum ArbiterCommand: Sendable, Equatable {
    /// `ctl workers N`: run this many workers from now on, until a reload rereads the config.
    ///
    /// Like TTIN/TTOU, but to any count within 1...`maxWorkers` at once: missing positions are
    /// spawned and surplus ones drained.
    case setWorkers(Int)
    /// `ctl recycle`: replace the ready worker in this scoreboard slot, else the one with this pid,
    /// its replacement up before it is drained.
    case recycle(slotOrPid: Int)
    /// `ctl reload`: what HUP does, answered once the config has loaded or failed to.
    case reload
    /// `ctl stop`: what TERM does, or INT when `fast`.
    case stop(fast: Bool)
    /// `ctl reopen-logs`: what USR1 does.
    case reopenLogs
}
