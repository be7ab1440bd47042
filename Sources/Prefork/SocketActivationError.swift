import Glibc

/// Why the sockets systemd passed (`LISTEN_FDS`) could not be taken over.
public enum SocketActivationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A variable holds something other than a non-negative number.
    case invalidNumber(variable: String, value: String)
    /// `LISTEN_FDS` is set but `LISTEN_PID` is not.
    case missingProcessID
    /// The descriptors were meant for another process.
    case processMismatch(listenPID: pid_t, ownPID: pid_t)
    /// `LISTEN_FDNAMES` names a different number of descriptors than `LISTEN_FDS`.
    case nameCountMismatch(names: Int, descriptors: Int)
    /// A passed descriptor is not a listening stream socket.
    case unusableSocket(SocketError)

    public var description: String {
        let byHand = "unset LISTEN_FDS, LISTEN_PID and LISTEN_FDNAMES when starting the server by hand"
        return switch self {
        case .invalidNumber(let variable, let value):
            "\(variable)=\"\(value)\": not a number (systemd sets it to a count or pid; \(byHand))"
        case .missingProcessID:
            "LISTEN_FDS is set without LISTEN_PID, so the sockets cannot be checked as ours (\(byHand))"
        case .processMismatch(let listenPID, let ownPID):
            "LISTEN_PID=\(listenPID) but this process is \(ownPID): the sockets were passed to another process "
                + "(run the server directly in ExecStart= without a wrapper that forks, or \(byHand))"
        case .nameCountMismatch(let names, let descriptors):
            "LISTEN_FDNAMES has \(names) names for LISTEN_FDS=\(descriptors) descriptors (\(byHand))"
        case .unusableSocket(let error):
            "systemd socket activation: \(error)"
        }
    }
}
