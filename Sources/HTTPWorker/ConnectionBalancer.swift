import NIOCore
import Synchronization

/// The worker's allowance of connections to close for balance, set once a second from its
/// `ConnectionShare` and taken by the responses that end a kept-alive connection.
///
/// The closes of one second are paced evenly over it, so their reconnections arrive one at a time
/// and each goes to whichever worker accepts it then, rather than all to the one that wakes first.
/// Taking is one atomic load while there is no allowance, the usual case.
final class ConnectionBalancer: Sendable {
    /// Closes left for this second.
    private let allowance = Atomic<Int>(0)
    /// Nanoseconds (`NIODeadline.uptimeNanoseconds`) before which no further connection closes.
    private let nextClose = Atomic<UInt64>(0)
    /// Nanoseconds between two closes of this second.
    private let spacing = Atomic<UInt64>(0)

    /// Sets the allowance of the next second from `share`; nil (the worker's share is unknown, or it
    /// is not serving) closes none.
    func update(_ share: ConnectionShare?) {
        let closes = share?.closesPerSecond ?? 0
        spacing.store(closes > 0 ? 1_000_000_000 / UInt64(closes + 1) : 0, ordering: .relaxed)
        allowance.store(closes, ordering: .relaxed)
    }

    /// Takes one close from the allowance when one is due `now`; false when none is left or the
    /// last one was too recent.
    func takeClose(now: @autoclosure () -> NIODeadline = .now()) -> Bool {
        guard allowance.load(ordering: .relaxed) > 0 else { return false }
        let time = now().uptimeNanoseconds
        let due = nextClose.load(ordering: .relaxed)
        guard time >= due,
              nextClose.compareExchange(expected: due, desired: time + spacing.load(ordering: .relaxed), ordering: .relaxed).exchanged
        else { return false }
        guard allowance.wrappingSubtract(1, ordering: .relaxed).oldValue > 0 else {
            allowance.store(0, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Returns a close taken for a connection that could not close (it had more read).
    func giveBack() {
        allowance.wrappingAdd(1, ordering: .relaxed)
    }
}
