#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WorkerCount {
    /// The number of workers to run; `auto` is one per CPU this process may use (`CPUBudget`).
    public func resolved(cpus: Int = CPUBudget.current.cpus) -> Int {
        switch self {
        case .fixed(let count): max(1, count)
        case .auto: max(1, cpus)
        }
    }

    /// Cores the system has online now (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
    public static var onlineCores: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
