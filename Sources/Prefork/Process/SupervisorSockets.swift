import Logging

/// The listening sockets the supervisor owns and hands to workers.
///
/// One set shared by all workers; with `reuse_port`, each position beyond the first gets
/// its own SO_REUSEPORT TCP sockets on the same addresses, kept open across that
/// position's restarts so its queued connections wait for the replacement.
struct SupervisorSockets {
    var shared: [ListeningSocket]
    /// Whether `shared` came from systemd, which keeps its own copies open.
    var fromSystemd = false
    let reusePort: Bool
    let backlog: Int
    private var perPosition: [Int: [ListeningSocket]] = [:]

    init(shared: [ListeningSocket], reusePort: Bool, backlog: Int) {
        self.shared = shared
        self.reusePort = reusePort
        self.backlog = backlog
    }

    /// The sockets bound for positions of their own (`reuse_port`).
    var perPositionSockets: [ListeningSocket] { perPosition.values.flatMap { $0 } }

    /// The sockets a worker at `position` accepts on, binding them on first use.
    mutating func sockets(forPosition position: Int, logger: Logger) -> [ListeningSocket] {
        guard reusePort, position > 0 else { return shared }
        if let existing = perPosition[position] { return existing }
        var made: [ListeningSocket] = []
        for socket in shared {
            guard case .tcp = socket.address else {
                made.append(socket)
                continue
            }
            do {
                made.append(try ListeningSocket.bind(socket.address, backlog: backlog, reusePort: true))
            } catch {
                logger.warning("reuse_port: \(error); position \(position) shares \(socket)")
                made.append(socket)
            }
        }
        perPosition[position] = made
        return made
    }

    /// Closes the supervisor's copy of a gone position's own sockets, leaving its draining
    /// worker as their last holder; returns whether the position had sockets of its own.
    mutating func close(position: Int) -> Bool {
        guard let sockets = perPosition.removeValue(forKey: position) else { return false }
        for socket in sockets where !shared.contains(socket) { socket.close() }
        return true
    }

    /// Closes the supervisor's copy of the sockets it bound, once the server stops: when the draining
    /// workers close theirs, new connections are refused instead of waiting in a queue that
    /// no one accepts from until a reset. Sockets from systemd stay open: systemd keeps them, and
    /// their connections wait for the next start. Returns whether anything was closed.
    ///
    /// Unless a new supervisor (USR2) serves on, new connections stop queueing on the sockets that
    /// close for good first (`refuseNewConnections`), so that the last worker to close one, having
    /// taken its queue, resets no connection that came in meanwhile: the client's retry is refused
    /// instead (or, in a `SO_REUSEPORT` group with systemd's socket, lands on that one).
    mutating func closeBound(keepSocketFiles: Bool) -> Bool {
        if !keepSocketFiles {
            // A socket the filter could not be set on closes as it would have without it.
            for socket in (fromSystemd ? [] : shared) + perPositionSockets { try? socket.refuseNewConnections() }
        }
        guard !fromSystemd else {
            let positions = Array(perPosition.keys)
            positions.forEach { _ = close(position: $0) }
            return !positions.isEmpty
        }
        let any = !shared.isEmpty || !perPosition.isEmpty
        closeAll(keepSocketFiles: keepSocketFiles)
        return any
    }

    /// Closes everything; `keepSocketFiles` leaves Unix socket files for a new supervisor.
    mutating func closeAll(keepSocketFiles: Bool) {
        for position in Array(perPosition.keys) { _ = close(position: position) }
        for var socket in shared {
            if keepSocketFiles { socket.ownsSocketFile = false }
            socket.close()
        }
        shared = []
    }
}

import Glibc
