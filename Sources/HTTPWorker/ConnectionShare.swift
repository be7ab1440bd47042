/// A worker's open connections against the whole server's, which `HTTPServerHooks.connectionShare`
/// reports once a second, and how many of its kept-alive connections it should close so the
/// reconnections spread over the other workers.
///
/// A kept-alive connection stays with the worker that accepted it: a client that opened its
/// connections while one worker was alone (before autoscaling added others, or when one worker won
/// most accepts of a burst on the shared socket) keeps them there. Answering some of them with
/// `Connection: close` makes the client reconnect, and the listening socket hands the new connection
/// to whichever worker accepts it.
public struct ConnectionShare: Sendable, Equatable {
    /// Connections this worker holds open.
    public var own: Int
    /// Connections the serving workers hold open, this one's included.
    public var total: Int
    /// Workers serving (accepting connections), this one included.
    public var workers: Int

    public init(own: Int, total: Int, workers: Int) {
        self.own = own
        self.total = total
        self.workers = workers
    }

    /// The most connections one worker closes for balance in a second: a bounded burst of
    /// reconnections, so the client's side never sees a failed request or a spike of handshakes.
    public static let maxClosesPerSecond = 16

    /// The connections each worker would hold were they spread evenly: total / workers, rounded up.
    public var fairShare: Int {
        workers > 0 ? (total + workers - 1) / workers : total
    }

    /// Whether this worker holds more than its fair share, so another worker should take the next
    /// connection queued on a socket they share: the accepting threads of every worker are woken by
    /// each new connection, and whichever runs first would otherwise take most of a burst (a client
    /// opening 64 connections at once left 5 on one worker and 61 on the other).
    public var isOverFairShare: Bool {
        workers > 1 && own > fairShare
    }

    /// How far above its fair share this worker may be before it closes any: an eighth of the share,
    /// and at least 3 connections, so the unevenness that comes and goes as clients connect costs no
    /// reconnection.
    public var tolerance: Int {
        max(3, fairShare / 8)
    }

    /// How many kept-alive connections to close in the next second: none unless this worker holds
    /// more than its fair share plus `tolerance`; then half of what it holds above the share, at
    /// least one and at most `maxClosesPerSecond`.
    ///
    /// Half, because the counts the next decision reads include the reconnections of this one, some
    /// of which land on this worker again: closing all of the excess at once would overshoot.
    public var closesPerSecond: Int {
        guard workers > 1 else { return 0 }
        let excess = own - fairShare
        guard excess > tolerance else { return 0 }
        return min(Self.maxClosesPerSecond, (excess + 1) / 2)
    }
}
