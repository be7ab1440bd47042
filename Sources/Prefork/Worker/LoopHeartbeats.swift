/// The last beat of each of a worker's event loops; the worker is as alive as its oldest loop.
///
/// With one heartbeat per worker, any loop's beat would refresh it and a wedged loop among several
/// would go unnoticed while its connections wait for ever.
struct LoopHeartbeats: Sendable {
    /// When the worker started: the beat of a loop that has never beaten.
    let start: UInt64
    private(set) var beats: [UInt64] = []

    init(start: UInt64) {
        self.start = start
    }

    /// Records a beat of loop `index` of `count` at `now`; returns the oldest loop's last beat.
    mutating func beat(loop index: Int, of count: Int, now: UInt64) -> UInt64 {
        if beats.count < count { beats += Array(repeating: start, count: count - beats.count) }
        if beats.indices.contains(index) { beats[index] = now }
        return beats.min() ?? now
    }
}
