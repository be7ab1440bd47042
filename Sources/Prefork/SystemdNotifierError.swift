import SystemPackage

/// Why a message to systemd's notification socket (`NOTIFY_SOCKET`) could not be sent.
public enum SystemdNotifierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `NOTIFY_SOCKET` is neither an absolute path nor an abstract `@name`.
    case invalidSocketPath(String)
    /// The datagram could not be sent.
    case sendFailed(socket: String, errno: Errno)

    public var description: String {
        switch self {
        case .invalidSocketPath(let path):
            "NOTIFY_SOCKET=\"\(path)\": not an absolute path or @abstract name (systemd sets it; unset it when starting by hand)"
        case .sendFailed(let socket, let errno):
            "sd_notify to \(socket): \(errno) (check that systemd still runs the unit and NotifyAccess= allows this process)"
        }
    }
}
