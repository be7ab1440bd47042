import Foundation

/// Makes requests to a server over and over on a thread of its own until stopped, keeping a tally.
///
/// Each round starts when the previous one has ended (answered or failed), so the server's answers
/// pace the loop: there is no pause to tune. `round(number, record)` does one round and calls
/// `record` to change the tally, which the loop guards with a lock.
public final class TrafficLoop<Tally: Sendable>: @unchecked Sendable {
    public typealias Record = ((inout Tally) -> Void) -> Void

    private let lock = NSLock()
    private var running = true
    private var tally: Tally
    private let finished = DispatchSemaphore(value: 0)

    public init(tally: Tally, round: @escaping (_ number: Int, _ record: Record) -> Void) {
        self.tally = tally
        nonisolated(unsafe) let round = round
        Thread.detachNewThread { [self] in
            var number = 0
            while lock.withLock({ running }) {
                number += 1
                round(number) { change in lock.withLock { change(&self.tally) } }
            }
            finished.signal()
        }
    }

    /// The tally so far.
    public var current: Tally { lock.withLock { tally } }

    /// Stops the loop (once; later calls just return) and returns the tally.
    public func stop() -> Tally {
        let wasRunning = lock.withLock { defer { running = false }; return running }
        if wasRunning { finished.wait() }
        return current
    }
}
