import FoundationEssentials
import Glibc
import Synchronization
import SystemSupport

/// What a worker process knows of itself: its slot, generation, sockets and config payload,
/// and the calls through which it reports to the supervisor.
///
/// A worker calls `WorkerContext.fromEnvironment()` first, then `markReady()` once it
/// accepts, `heartbeat(loop:of:)` every second from each event loop, `markDraining()` when it stops
/// accepting, and `reportBootFailure(_:)` if it cannot start.
///
/// Signals a worker receives from the supervisor, all with their default dispositions at
/// start: TERM (stop accepting, finish in-flight requests, exit 0), QUIT (exit at once),
/// USR1 (reopen log files; the default action would kill the worker, so handle or ignore it),
/// ABRT (sent when the heartbeat stopped; SIGKILL follows).
public final class WorkerContext: Sendable {
    /// Scoreboard slot this worker writes.
    public let slot: Int
    /// Generation (0 at start, +1 per reload).
    public let generation: Int
    /// Place among the configured workers.
    public let position: Int
    /// Listening sockets to accept on, in `bind` order.
    public let listeningSockets: [ListeningSocket]
    /// Listening sockets the supervisor bound for a purpose of the application's, by name.
    public let namedListeningSockets: [String: ListeningSocket]
    /// Whether these sockets are this worker's own SO_REUSEPORT sockets.
    public let reusePort: Bool
    /// The generation's config payload, opaque to `Prefork`.
    public let payload: Data
    /// The files the application named for this generation (`Supervisor`'s `sharedFiles`), mapped
    /// read-only, by the path it named them with.
    public let sharedFiles: [String: SharedFileMapping]
    /// The shared scoreboard (all slots readable, for `/metrics`).
    public let scoreboard: Scoreboard
    let statusFD: CInt
    let supervisorPid: pid_t
    private let loopHeartbeats: Mutex<LoopHeartbeats>

    /// Reads the worker's identity from the variables and descriptors the supervisor passed.
    ///
    /// Call it first in the worker's `main`, before other threads start: it sets the process
    /// title (`tagifai: worker 2 (gen 1)`, passed as argv[0]) over argv's memory. Also asks the kernel to send SIGTERM should the supervisor die, and fails if it already has.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessEnvironment.current
    ) throws(WorkerContextError) -> WorkerContext {
        func number(_ name: String) throws(WorkerContextError) -> Int {
            guard let text = environment[name] else { throw .missingVariable(name) }
            guard let value = Int(text), value >= 0 else { throw .invalidVariable(name, text) }
            return value
        }
        let supervisorPid = pid_t(try number(WorkerEnvironment.supervisorPID))
        ProcessTitle.prepare()
        ProcessTitle.set(CommandLine.arguments[0])
        Prctl.setParentDeathSignal(SIGTERM)
        guard getppid() == supervisorPid else { throw .supervisorGone(supervisorPid) }
        let listenText = environment[WorkerEnvironment.listenFDs] ?? ""
        let parts = listenText.split(separator: ",")
        let fds = parts.compactMap { CInt($0) }
        guard !fds.isEmpty, fds.count == parts.count else { throw .invalidVariable(WorkerEnvironment.listenFDs, listenText) }
        var sockets: [ListeningSocket] = []
        for fd in fds {
            do { sockets.append(try ListeningSocket(adopting: fd)) } catch { throw .unusableSocket(error) }
        }
        var named: [String: ListeningSocket] = [:]
        let namedText = environment[WorkerEnvironment.namedListenFDs] ?? ""
        for pair in namedText.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let fd = CInt(parts[1]) else {
                throw .invalidVariable(WorkerEnvironment.namedListenFDs, namedText)
            }
            do { named[String(parts[0])] = try ListeningSocket(adopting: fd) } catch { throw .unusableSocket(error) }
        }
        let scoreboardFD = CInt(try number(WorkerEnvironment.scoreboardFD))
        let scoreboard: Scoreboard
        do { scoreboard = try Scoreboard(fileDescriptor: scoreboardFD) } catch { throw .unusableScoreboard(error) }
        let payloadFD = CInt(try number(WorkerEnvironment.payloadFD))
        guard let payload = PayloadFile.read(payloadFD) else { throw .unreadablePayload(fd: payloadFD) }
        close(payloadFD)
        let sharedFiles = try mapSharedFiles(environment[WorkerEnvironment.sharedFiles] ?? "")
        return WorkerContext(
            slot: try number(WorkerEnvironment.slot),
            generation: try number(WorkerEnvironment.generation),
            position: try number(WorkerEnvironment.position),
            listeningSockets: sockets,
            namedListeningSockets: named,
            reusePort: environment[WorkerEnvironment.reusePort] == "1",
            payload: Data(payload),
            sharedFiles: sharedFiles,
            scoreboard: scoreboard,
            statusFD: CInt(try number(WorkerEnvironment.statusFD)),
            supervisorPid: supervisorPid)
    }

    init(
        slot: Int, generation: Int, position: Int, listeningSockets: [ListeningSocket],
        namedListeningSockets: [String: ListeningSocket] = [:], reusePort: Bool,
        payload: Data, sharedFiles: [String: SharedFileMapping] = [:], scoreboard: Scoreboard, statusFD: CInt,
        supervisorPid: pid_t
    ) {
        self.slot = slot
        self.generation = generation
        self.position = position
        self.listeningSockets = listeningSockets
        self.namedListeningSockets = namedListeningSockets
        self.reusePort = reusePort
        self.payload = payload
        self.sharedFiles = sharedFiles
        self.scoreboard = scoreboard
        self.statusFD = statusFD
        self.supervisorPid = supervisorPid
        self.loopHeartbeats = Mutex(LoopHeartbeats(start: MonotonicClock.nanoseconds()))
        for fd in [statusFD, scoreboard.fileDescriptor] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        scoreboard.setPid(getpid(), slot: slot)
        heartbeat()
    }

    /// Maps each shared file the supervisor passed and closes its descriptor (the mapping stays).
    private static func mapSharedFiles(_ text: String) throws(WorkerContextError) -> [String: SharedFileMapping] {
        guard let files = SharedFileList.decode(text) else { throw .invalidVariable(WorkerEnvironment.sharedFiles, text) }
        var mappings: [String: SharedFileMapping] = [:]
        for file in files {
            defer { close(file.fd) }
            mappings[file.path] = try SharedFileMapping(path: file.path, fileDescriptor: file.fd)
        }
        return mappings
    }

    /// Tells the supervisor this worker accepts connections (model loaded, sockets bound).
    public func markReady() {
        scoreboard.setState(.ready, slot: slot, now: MonotonicClock.nanoseconds())
        StatusPipe.send(.ready(pid: getpid()), to: statusFD)
    }

    /// Proves the worker is alive; for a worker with one loop, call it every second from that loop.
    public func heartbeat() {
        scoreboard.heartbeat(slot: slot, now: MonotonicClock.nanoseconds())
    }

    /// Proves event loop `index` of `count` is alive; call it every second from each loop. The slot's
    /// heartbeat is the oldest loop's last beat, so one stuck loop among several stops it.
    public func heartbeat(loop index: Int, of count: Int) {
        let now = MonotonicClock.nanoseconds()
        let oldest = loopHeartbeats.withLock { $0.beat(loop: index, of: count, now: now) }
        scoreboard.heartbeat(slot: slot, now: oldest)
    }

    /// Records that the worker stopped accepting and is finishing in-flight requests.
    public func markDraining() {
        scoreboard.setState(.draining, slot: slot, now: MonotonicClock.nanoseconds())
    }

    /// Stops listening without losing a queued connection: with `reusePort`, accepts every
    /// connection waiting on this worker's own sockets and hands each to `connection` to
    /// serve, then closes the sockets.
    ///
    /// Closing a SO_REUSEPORT socket resets the connections queued on it (gunicorn's open
    /// bug). The supervisor keeps its copy open across restarts, and closes it when the
    /// position goes away for good before sending TERM, so this worker is the last holder.
    /// Shared sockets are just closed: the other workers keep accepting from their queue.
    public func stopListening(handingQueuedConnectionsTo connection: (CInt) -> Void) {
        markDraining()
        for socket in listeningSockets {
            if reusePort { _ = try? socket.drainAcceptQueue(connection) }
            close(socket.fileDescriptor)
        }
        for socket in namedListeningSockets.values { close(socket.fileDescriptor) }
    }

    /// Counts a request as started (in flight).
    public func requestStarted() { scoreboard.requestStarted(slot: slot) }

    /// Counts a request as finished; `max_requests` counts these.
    public func requestFinished() { scoreboard.requestFinished(slot: slot) }

    /// Counts a connection as open until `connectionClosed`.
    public func connectionOpened() { scoreboard.connectionOpened(slot: slot) }

    /// Counts a connection as closed.
    public func connectionClosed() { scoreboard.connectionClosed(slot: slot) }

    /// Records how many event loops serve this worker's connections, which its busy share is measured against.
    public func setEventLoops(_ count: Int) { scoreboard.setEventLoops(count, slot: slot) }

    /// Counts a started request as given up unanswered (the client went away mid-body).
    public func requestAbandoned() { scoreboard.requestAbandoned(slot: slot) }

    /// Adds to one of the application's counters in this worker's slot.
    public func addCounter(_ counter: Int, by value: UInt64 = 1) {
        scoreboard.addCounter(counter, by: value, slot: slot)
    }

    /// Whether the supervisor has begun to stop (TERM, INT or QUIT, or the old supervisor after
    /// a USR2 hand-over), so a readiness check can fail while this worker still serves; a
    /// reload, `max_requests` or TTOU drains a worker without it. One atomic load.
    public var supervisorIsStopping: Bool { scoreboard.isStopping }

    /// Whether the supervisor that started this worker is still its parent.
    public var supervisorIsAlive: Bool { getppid() == supervisorPid }

    /// Reports why the worker cannot boot, then exits with `Arbiter.bootFailureExitStatus` (3).
    ///
    /// When the first generation fails this way, the supervisor exits with the same status
    /// and logs `message`; during a reload, the old generation keeps serving.
    public func reportBootFailure(_ message: String) -> Never {
        scoreboard.setBootError(message, slot: slot)
        StatusPipe.send(.bootFailed(pid: getpid(), message: message), to: statusFD)
        exit(Arbiter.bootFailureExitStatus)
    }
}
