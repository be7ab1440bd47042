#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The signals the supervisor reacts to or sends, with gunicorn's meanings.
public enum ProcessSignal: Sendable, Equatable, Hashable, CaseIterable {
    case term, int, quit, hup, ttin, ttou, usr1, usr2, chld, abrt, kill

    /// The platform's signal number.
    public var number: Int32 {
        switch self {
        case .term: SIGTERM
        case .int: SIGINT
        case .quit: SIGQUIT
        case .hup: SIGHUP
        case .ttin: SIGTTIN
        case .ttou: SIGTTOU
        case .usr1: SIGUSR1
        case .usr2: SIGUSR2
        case .chld: SIGCHLD
        case .abrt: SIGABRT
        case .kill: SIGKILL
        }
    }

    /// The signal with this number, if it is one of ours.
    public init?(number: Int32) {
        guard let match = Self.allCases.first(where: { $0.number == number }) else { return nil }
        self = match
    }

    /// The conventional name of a signal number (`SIGKILL`), or `signal N` for others.
    public static func name(of number: Int32) -> String {
        switch number {
        case SIGSEGV: return "SIGSEGV"
        case SIGBUS: return "SIGBUS"
        case SIGILL: return "SIGILL"
        case SIGFPE: return "SIGFPE"
        case SIGTRAP: return "SIGTRAP"
        case SIGPIPE: return "SIGPIPE"
        case SIGSTOP: return "SIGSTOP"
        default: break
        }
        guard let signal = ProcessSignal(number: number) else { return "signal \(number)" }
        return "SIG" + String(describing: signal).uppercased()
    }
}
