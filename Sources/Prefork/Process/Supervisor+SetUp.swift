import FoundationEssentials
import Glibc
import Logging

extension Supervisor {
    /// Sockets, privileges, pidfile, scoreboard and pipes, in the order that keeps a failed start clean.
    ///
    /// Sockets are bound first (ports below 1024 need root), then the process drops to
    /// `user`/`group`, then writes the pidfile as that user, so it can remove it at exit.
    func setUp() throws {
        // A closed stderr or log pipe (`tagifai serve 2>&1 | head -c1`) must cost log lines
        // (EPIPE), never the supervisor: only a process that opens a NIO socket has NIO ignore it.
        signal(SIGPIPE, SIG_IGN)
        let successor = ProcessEnvironment.current[WorkerEnvironment.inheritedFDs] != nil
        let privileges = try PrivilegeDrop(config: config)
        privileges.applyUmask()
        let (shared, fromSystemd) = try listeningSockets()
        sockets = SupervisorSockets(shared: shared, reusePort: config.reusePort, backlog: config.backlog)
        sockets.fromSystemd = fromSystemd
        for socket in sockets.shared {
            if socket.ownsSocketFile, case .unix(let path) = socket.address { try privileges.changeOwner(ofPath: path) }
            logger.info("listening at \(socket.address)")
        }
        for (name, address) in namedBinds.sorted(by: { $0.key < $1.key }) {
            let socket = try ListeningSocket.bind(address, backlog: config.backlog, reusePort: true)
            namedSockets[name] = socket
            if socket.ownsSocketFile, case .unix(let path) = socket.address { try privileges.changeOwner(ofPath: path) }
            logger.info("listening at \(socket.address) for \(name)")
        }
        try openControlSocket(privileges: privileges, successor: successor)
        try privileges.apply()
        if !privileges.target.isEmpty, geteuid() != 0 { logger.info("running as \(privileges.target)") }
        if let path = config.pidfile {
            pidfile = try Pidfile.create(at: path, logger: logger)
        }
        scoreboard = try Scoreboard.create(slotCount: arbiter.slotCapacity, counterCount: counterCount)
        signals = try SignalPipe()
        statusPipe = try StatusPipe()
        control?.start(allowedUID: geteuid(), logger: logger)
        payloads[0] = try PayloadFile(Array(initialPayload))
        sharedFiles[0] = try loadSharedFiles(for: initialPayload)
        ProcessTitle.set(ProcessTitle.supervisor(procName: config.procName, configPath: configPath))
        logger.info("supervisor pid \(getpid()) started")
    }

    /// Sockets from the supervisor this one replaces (USR2), from systemd, or bound from `bind`, and
    /// whether they came from systemd.
    private func listeningSockets() throws -> ([ListeningSocket], fromSystemd: Bool) {
        if let inherited = ProcessEnvironment.current[WorkerEnvironment.inheritedFDs] {
            unsetenv(WorkerEnvironment.inheritedFDs)
            let sockets = try inherited.split(separator: ",").compactMap { CInt($0) }.map { fd throws(SocketError) in
                var socket = try ListeningSocket(adopting: fd)
                socket.ownsSocketFile = true
                return socket
            }
            return (sockets, false)
        }
        let activated = try SystemdSocketActivation.takeOverSockets()
        if !activated.isEmpty {
            logger.info("using \(activated.count) socket(s) from systemd")
            return (activated.map(\.socket), true)
        }
        return (try ListeningSocket.bind(config.bind, backlog: config.backlog, reusePort: config.reusePort), false)
    }

    /// Closes the supervisor's copy of the listening sockets it bound when the server stops (once);
    /// `SupervisorSockets.closeBound` says why. A new supervisor started by USR2 keeps its own copies.
    func closeListeningSocketsOnStop() {
        guard case .stopping = arbiter.phase, !listenersClosed else { return }
        listenersClosed = true
        let keepFiles = upgradePid != nil
        if sockets.closeBound(keepSocketFiles: keepFiles) {
            logger.info("closed the listening sockets: new connections are refused once the workers stop accepting")
        }
        for var socket in namedSockets.values {
            if keepFiles { socket.ownsSocketFile = false }
            socket.close()
        }
        namedSockets = [:]
    }

    /// Releases everything `setUp` acquired; the pidfile goes last so it outlives the workers.
    func tearDown() {
        control?.stop(keepSocketFile: upgradePid != nil)
        control = nil
        sockets.closeAll(keepSocketFiles: upgradePid != nil)
        for var socket in namedSockets.values {
            if upgradePid != nil { socket.ownsSocketFile = false }
            socket.close()
        }
        namedSockets = [:]
        signals?.close()
        statusPipe?.close()
        signals = nil
        statusPipe = nil
        payloads = [:]
        sharedFiles = [:]
        scoreboard = nil
        pidfile?.remove()
        pidfile = nil
    }
}
