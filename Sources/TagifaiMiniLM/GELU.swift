/// The exact Gaussian error linear unit BERT uses (`hidden_act: gelu`): `x · ½(1 + erf(x / √2))`,
/// not the tanh approximation.
///
/// `erf` is a rational approximation on eight lanes at a time (within 5e-7 of the C library's `erff`
/// everywhere): libm's `erff`, one call per value, was an eighth of the encoder's time.
enum GELU {
    static func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let inverseRootTwo: Float = 0.707_106_77
        var start = 0
        let raw = UnsafeMutableRawPointer(values)
        while start + 8 <= count {
            let x = raw.loadUnaligned(fromByteOffset: start * 4, as: SIMD8<Float>.self)
            raw.storeBytes(of: 0.5 * x * (1 + erf(x * inverseRootTwo)), toByteOffset: start * 4, as: SIMD8<Float>.self)
            start += 8
        }
        guard start < count else { return }
        var tail = SIMD8<Float>()
        for i in start..<count { tail[i - start] = values[i] }
        let result = 0.5 * tail * (1 + erf(tail * inverseRootTwo))
        for i in start..<count { values[i] = result[i - start] }
    }

    /// `erf` of each lane: `x·p(x²) / q(x²)` on `x` clamped to ±4 (where `erf` is ±1 to a float's
    /// precision), with minimax coefficients for single precision.
    @inline(__always)
    static func erf(_ value: SIMD8<Float>) -> SIMD8<Float> {
        var x = value  // lane-wise replacement, which inlines where `clamped` measured a call per use
        x.replace(with: 4, where: x .> 4)
        x.replace(with: -4, where: x .< -4)
        let x2 = x * x
        var p = SIMD8<Float>(repeating: -2.726_142_3e-10)
        p = p * x2 + 2.770_681_4e-08
        p = p * x2 - 2.101_024_e-06
        p = p * x2 - 5.692_506_4e-05
        p = p * x2 - 7.349_906_3e-04
        p = p * x2 - 2.954_600_e-03
        p = p * x2 - 1.609_603_3e-02
        var q = SIMD8<Float>(repeating: -1.456_607_2e-05)
        q = q * x2 - 2.133_740_6e-04
        q = q * x2 - 1.682_827e-03
        q = q * x2 - 7.373_329_e-03
        q = q * x2 - 1.426_473_9e-02
        return x * p / q
    }
}
