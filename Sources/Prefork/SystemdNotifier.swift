import Glibc
import SystemPackage

/// Sends service state to systemd over `NOTIFY_SOCKET` (`sd_notify`), without libsystemd.
///
/// Every method is a silent no-op when `NOTIFY_SOCKET` is unset, so the server calls them
/// unconditionally whether or not it runs under a `Type=notify` unit.
public struct SystemdNotifier: Sendable {
    /// The variables systemd sets for notification; a supervisor removes them from its
    /// workers' environment, since only the main process may notify (`NotifyAccess=main`).
    public static let environmentVariables = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"]

    /// The notification socket path (`@` for an abstract name), or nil when not under systemd.
    public let socketPath: String?
    /// How long systemd waits for a `WATCHDOG=1` before it kills the service, or nil when
    /// the watchdog is off; send `watchdog()` at least every half of it.
    public let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    ///
    /// The watchdog applies only when `WATCHDOG_PID` is unset or names `processID`.
    public init(environment: [String: String] = ProcessEnvironment.current, processID: pid_t = getpid()) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let watchdogOwner = environment["WATCHDOG_PID"].flatMap { pid_t($0) }
        if let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0,
           watchdogOwner == nil || watchdogOwner == processID {
            watchdogInterval = .microseconds(microseconds)
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether messages go anywhere: true when `NOTIFY_SOCKET` is set.
    public var isEnabled: Bool { socketPath != nil }

    /// Tells systemd that startup finished and the service accepts requests (`READY=1`).
    public func ready(status: String? = nil) throws(SystemdNotifierError) {
        try send(["READY=1"] + Self.statusField(status))
    }

    /// Tells systemd a reload began (`RELOADING=1` with `MONOTONIC_USEC`); send `ready()` when done.
    public func reloading(status: String? = nil) throws(SystemdNotifierError) {
        try send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"] + Self.statusField(status))
    }

    /// Tells systemd the service is shutting down (`STOPPING=1`).
    public func stopping(status: String? = nil) throws(SystemdNotifierError) {
        try send(["STOPPING=1"] + Self.statusField(status))
    }

    /// Sets the one-line status `systemctl status` shows (`STATUS=`).
    public func status(_ text: String) throws(SystemdNotifierError) {
        try send(Self.statusField(text))
    }

    /// Keeps systemd's watchdog from firing (`WATCHDOG=1`).
    public func watchdog() throws(SystemdNotifierError) {
        try send(["WATCHDOG=1"])
    }

    /// Names another process as the service's main process (`MAINPID=`), as a supervisor
    /// does when a new binary takes over after USR2.
    public func mainProcess(_ pid: pid_t) throws(SystemdNotifierError) {
        try send(["MAINPID=\(pid)"])
    }

    /// Sends `fields` (`NAME=value` each) as one datagram.
    public func send(_ fields: [String]) throws(SystemdNotifierError) {
        guard let socketPath, !fields.isEmpty else { return }
        guard socketPath.hasPrefix("/") || socketPath.hasPrefix("@") else { throw .invalidSocketPath(socketPath) }
        let address: SocketAddress
        do { address = try SocketAddress(unixPath: socketPath) } catch { throw .invalidSocketPath(socketPath) }
        let fd = socket(AF_UNIX, CInt(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .sendFailed(socket: socketPath, errno: .current) }
        defer { close(fd) }
        let message = Array((fields.joined(separator: "\n") + "\n").utf8)
        let sent = address.withSockaddr { sockaddr, length in
            message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL), sockaddr, length) }
        }
        guard sent == message.count else { throw .sendFailed(socket: socketPath, errno: .current) }
    }

    private static func statusField(_ status: String?) -> [String] {
        guard let status else { return [] }
        return ["STATUS=" + status.map { $0.isNewline ? " " : String($0) }.joined()]
    }

    /// Microseconds on CLOCK_MONOTONIC, the clock systemd compares `MONOTONIC_USEC` with.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
