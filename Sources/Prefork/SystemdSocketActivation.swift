import Glibc

/// The listening sockets systemd passes to a socket-activated service (`sd_listen_fds`).
///
/// systemd hands them over as descriptors from 3 on and describes them in `LISTEN_FDS`,
/// `LISTEN_PID` and `LISTEN_FDNAMES`; no libsystemd is needed to read them.
public enum SystemdSocketActivation {
    /// The first descriptor systemd passes (`SD_LISTEN_FDS_START`).
    public static let firstDescriptor: CInt = 3
    /// The variables that describe passed sockets; unset once read so workers and other
    /// children do not mistake them for their own.
    public static let environmentVariables = ["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"]

    /// One socket passed by systemd and its name (`FileDescriptorName=`, or the unit's name).
    public struct ActivatedSocket: Sendable, Hashable {
        public var name: String
        public var socket: ListeningSocket
    }

    /// Takes over the sockets described by this process's environment, then unsets the variables.
    ///
    /// Returns an empty array when the server was not socket-activated.
    public static func takeOverSockets() throws(SocketActivationError) -> [ActivatedSocket] {
        let sockets = try sockets(environment: ProcessEnvironment.current, processID: getpid())
        environmentVariables.forEach { unsetenv($0) }
        return sockets
    }

    /// Takes over the sockets `environment` describes, checking they were passed to `processID`.
    ///
    /// Each descriptor must be a listening stream socket; it is made close-on-exec and
    /// non-blocking. Returns an empty array when `LISTEN_FDS` is unset. systemd always
    /// starts at descriptor 3; tests pass another `firstDescriptor`.
    public static func sockets(
        environment: [String: String], processID: pid_t, firstDescriptor: CInt = firstDescriptor
    ) throws(SocketActivationError) -> [ActivatedSocket] {
        guard let countText = environment["LISTEN_FDS"] else { return [] }
        guard let count = Int(countText), count >= 0, count < Int(CInt.max - firstDescriptor) else {
            throw .invalidNumber(variable: "LISTEN_FDS", value: countText)
        }
        guard let pidText = environment["LISTEN_PID"] else { throw .missingProcessID }
        guard let listenPID = pid_t(pidText), listenPID > 0 else {
            throw .invalidNumber(variable: "LISTEN_PID", value: pidText)
        }
        guard listenPID == processID else { throw .processMismatch(listenPID: listenPID, ownPID: processID) }
        var names = Array(repeating: "unknown", count: count)
        if let namesText = environment["LISTEN_FDNAMES"] {
            let given = namesText.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard given.count == count else { throw .nameCountMismatch(names: given.count, descriptors: count) }
            names = given
        }
        var sockets: [ActivatedSocket] = []
        for (offset, name) in names.enumerated() {
            do {
                let socket = try ListeningSocket(adopting: firstDescriptor + CInt(offset))
                sockets.append(ActivatedSocket(name: name, socket: socket))
            } catch {
                throw .unusableSocket(error)
            }
        }
        return sockets
    }
}
