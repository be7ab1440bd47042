/// A reproducible random number generator for tests: xorshift64* from a seed.
///
/// Production code draws from `SystemRandomNumberGenerator`; tests pass this one where a
/// random choice (a worker's `max_requests_jitter`, say) must repeat from run to run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence depends only on `seed` (0 is replaced, xorshift needs a set bit).
    public init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    public mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
