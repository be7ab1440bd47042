import NIOConcurrencyHelpers

/// Counts a worker's open connections against `worker_connections`: at the cap its acceptors stop
/// taking connections and leave them in the listening socket's queue for workers with room.
///
/// It also keeps the most connections open at once since the last burst ended (`burstEnded(by:)`).
final class ConnectionSlots: Sendable {
    let limit: Int
    private let counts = NIOLockedValueBox((open: 0, peak: 0))

    init(limit: Int) {
        self.limit = max(limit, 1)
    }

    /// Whether every slot is taken.
    var isFull: Bool {
        counts.withLockedValue { $0.open >= limit }
    }

    /// Takes a slot for a connection about to be accepted; false at the cap.
    func take() -> Bool {
        counts.withLockedValue { counts in
            guard counts.open < limit else { return false }
            counts.open += 1
            counts.peak = max(counts.peak, counts.open)
            return true
        }
    }

    /// Frees a slot: its connection closed, or none was accepted for it.
    func release() {
        counts.withLockedValue { $0.open -= 1 }
    }

    /// Whether a burst of connections is over: at least `closes` of the most that were open at once
    /// since the last burst ended have closed, and at most half of them are still open. Answering
    /// yes starts the next burst from the connections open now.
    func burstEnded(by closes: Int) -> Bool {
        counts.withLockedValue { counts in
            guard counts.peak - counts.open >= closes, counts.open * 2 <= counts.peak else { return false }
            counts.peak = counts.open
            return true
        }
    }
}
