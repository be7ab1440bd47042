import NIOConcurrencyHelpers

/// Counts a worker's open connections against `worker_connections`: at the cap its acceptors stop
/// taking connections and leave them in the listening socket's queue for workers with room.
final class ConnectionSlots: Sendable {
    let limit: Int
    private let open = NIOLockedValueBox(0)

    init(limit: Int) {
        self.limit = max(limit, 1)
    }

    /// Whether every slot is taken.
    var isFull: Bool {
        open.withLockedValue { $0 >= limit }
    }

    /// Takes a slot for a connection about to be accepted; false at the cap.
    func take() -> Bool {
        open.withLockedValue { open in
            guard open < limit else { return false }
            open += 1
            return true
        }
    }

    /// Frees a slot: its connection closed, or none was accepted for it.
    func release() {
        open.withLockedValue { $0 -= 1 }
    }
}
