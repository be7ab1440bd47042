import Tagifai

/// A tensor's F32 values where they lie: in the `ModelBytes` of the weights file, which it keeps
/// alive, not copied into a Swift array. So the encoder's 91 MB stay one buffer that a later owner
/// (a read-only mapping shared by the workers) can hand in instead of a private copy.
struct FloatTensor: @unchecked Sendable {
    /// The bytes the values point into (never written: `ModelBytes` is read-only after loading).
    let owner: ModelBytes
    let base: UnsafePointer<Float>
    let count: Int

    /// The `count` values at `offset` of `owner`; `offset` must be a multiple of 4 from an aligned
    /// base and the host little-endian (the caller checks both, `SafetensorsFile.tensor`).
    init(owner: ModelBytes, offset: Int, count: Int) {
        self.owner = owner
        base = (owner.base + offset).assumingMemoryBound(to: Float.self)
        self.count = count
    }

    /// Values of a tensor built in memory (tests, small layers).
    init(_ values: [Float]) {
        let bytes = values.withUnsafeBytes { Array($0) }
        self.init(owner: ModelBytes(copying: bytes), offset: 0, count: values.count)
    }

    @inline(__always)
    subscript(index: Int) -> Float { base[index] }

    var values: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
