import Foundation
import Glibc
import Logging

extension Supervisor {
    /// Sockets, pidfile, scoreboard and pipes, in the order that keeps a failed start clean.
    func setUp() throws {
        umask(mode_t(config.umask))
        sockets = SupervisorSockets(shared: try listeningSockets(), reusePort: config.reusePort, backlog: config.backlog)
        for socket in sockets.shared { logger.info("listening at \(socket.address)") }
        if let path = config.pidfile {
            pidfile = try Pidfile.create(at: path, logger: logger)
        }
        scoreboard = try Scoreboard.create(slotCount: arbiter.slotCapacity, counterCount: counterCount)
        signals = try SignalPipe()
        statusPipe = try StatusPipe()
        payloads[0] = try PayloadFile(Array(initialPayload))
        logger.info("supervisor pid \(getpid()) started")
    }

    /// Sockets from the supervisor this one replaces (USR2), from systemd, or bound from `bind`.
    private func listeningSockets() throws -> [ListeningSocket] {
        if let inherited = ProcessEnvironment.current[WorkerEnvironment.inheritedFDs] {
            unsetenv(WorkerEnvironment.inheritedFDs)
            return try inherited.split(separator: ",").compactMap { CInt($0) }.map { fd throws(SocketError) in
                var socket = try ListeningSocket(adopting: fd)
                socket.ownsSocketFile = true
                return socket
            }
        }
        let activated = try SystemdSocketActivation.takeOverSockets()
        if !activated.isEmpty {
            logger.info("using \(activated.count) socket(s) from systemd")
            return activated.map(\.socket)
        }
        var bound: [ListeningSocket] = []
        do {
            for address in config.bind {
                bound.append(try ListeningSocket.bind(address, backlog: config.backlog, reusePort: config.reusePort))
            }
        } catch {
            bound.forEach { $0.close() }
            throw error
        }
        return bound
    }

    /// Releases everything `setUp` acquired; the pidfile goes last so it outlives the workers.
    func tearDown() {
        sockets.closeAll(keepSocketFiles: upgradePid != nil)
        signals?.close()
        statusPipe?.close()
        signals = nil
        statusPipe = nil
        payloads = [:]
        scoreboard = nil
        pidfile?.remove()
        pidfile = nil
    }
}
