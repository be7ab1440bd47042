import Glibc

/// `prctl(PR_SET_PDEATHSIG)`, so a worker dies with its supervisor (prctl is variadic and not imported).
enum ParentDeathSignal {
    private typealias PrctlFunction = @convention(c) (CInt, CUnsignedLong, CUnsignedLong, CUnsignedLong, CUnsignedLong) -> CInt
    private static let setParentDeathSignal: CInt = 1

    static func set(_ signal: CInt) {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return }
        let prctl = unsafeBitCast(symbol, to: PrctlFunction.self)
        _ = prctl(setParentDeathSignal, CUnsignedLong(signal), 0, 0, 0)
    }
}
