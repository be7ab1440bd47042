import Glibc

/// The `prctl(2)` calls the server makes (prctl is variadic and not imported).
public enum Prctl {
    private typealias PrctlFunction = @convention(c) (CInt, CUnsignedLong, CUnsignedLong, CUnsignedLong, CUnsignedLong) -> CInt
    private static let setParentDeathSignalOption: CInt = 1
    private static let setNameOption: CInt = 15

    /// `PR_SET_PDEATHSIG`, so a worker dies with its supervisor.
    public static func setParentDeathSignal(_ signal: CInt) {
        call(setParentDeathSignalOption, CUnsignedLong(signal))
    }

    /// `PR_SET_NAME`: names the calling thread, as `ps -L`, `top -H` and gdb show it (the kernel
    /// keeps the first 15 bytes).
    public static func setThreadName(_ name: String) {
        name.withCString { call(setNameOption, CUnsignedLong(UInt(bitPattern: $0))) }
    }

    private static let prctl = LibcFunction.named("prctl", as: PrctlFunction.self)

    private static func call(_ option: CInt, _ argument: CUnsignedLong) {
        _ = prctl?(option, argument, 0, 0, 0)
    }
}
