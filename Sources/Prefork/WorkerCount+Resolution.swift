#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WorkerCount {
    /// The number of workers to run; `auto` is the number of online cores.
    public func resolved(onlineCores: Int = WorkerCount.onlineCores) -> Int {
        switch self {
        case .fixed(let count): count
        case .auto: max(1, onlineCores)
        }
    }

    /// Cores the system has online now (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
    public static var onlineCores: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
