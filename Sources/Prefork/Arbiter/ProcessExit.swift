#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended, decoded from a `waitpid` status.
public enum ProcessExit: Sendable, Equatable, CustomStringConvertible {
    /// The process called `exit` with this status.
    case exited(Int32)
    /// The process was terminated by this signal.
    case signaled(Int32)

    /// Decodes a raw `waitpid` status (the `WIFEXITED`/`WTERMSIG` macros are not imported into Swift).
    public init(waitStatus: Int32) {
        let signal = waitStatus & 0x7f
        if signal == 0 {
            self = .exited((waitStatus >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }

    public var description: String {
        switch self {
        case .exited(let status):
            "exited with status \(status)"
        case .signaled(let signal):
            "was killed by signal \(signal) (\(ProcessSignal.name(of: signal)))"
        }
    }
}
