import FoundationEssentials
import Glibc
import Logging
import Settings

/// The pre-fork supervisor: owns the sockets and the scoreboard, runs the arbiter's
/// decisions against real processes, and returns the exit status when it stops.
///
/// Usage: `exit(Supervisor(config: config, payload: payload, workerArguments: ["worker"], logger: logger).run())`,
/// where the binary's `worker` role calls `WorkerContext.fromEnvironment()`.
public final class Supervisor {
    /// Loads the config again for HUP: the server settings and the workers' opaque payload.
    public typealias Reload = @Sendable () throws -> (ServerConfig, payload: Data)
    /// Names, from a generation's payload, the files its workers share read-only.
    public typealias SharedFilePaths = @Sendable (_ payload: Data) throws -> [String]

    let config: ServerConfig
    let configPath: String?
    let counterCount: Int
    let namedBinds: [String: BindAddress]
    let spawner: WorkerSpawner
    let reload: Reload?
    let sharedFilePaths: SharedFilePaths?
    let reopenLogs: (@Sendable () -> Void)?
    let controlReports: ControlReports
    let logger: Logger
    let notifier: SystemdNotifier
    var arbiter: Arbiter
    /// Results of the actions being carried out, handed to the arbiter once the action list is done.
    var events: [ArbiterEvent] = []
    var payloads: [Int: PayloadFile] = [:]
    /// Each generation's shared files, closed with its payload.
    var sharedFiles: [Int: [SharedFile]] = [:]
    var initialPayload: Data
    var sockets = SupervisorSockets(shared: [], reusePort: false, backlog: 0)
    var namedSockets: [String: ListeningSocket] = [:]
    var scoreboard: Scoreboard?
    var signals: SignalPipe?
    var statusPipe: StatusPipe?
    var pidfile: Pidfile?
    var control: ControlServer?
    /// The payload of each generation after the first, for the control socket's `config`.
    var generationPayloads: [Int: Data] = [:]
    var upgradePid: pid_t?
    var listenersClosed = false
    var exitStatus: Int32?
    var lastStatusLine = ""
    var lastStatusCheck = 0.0
    var lastWatchdog = 0.0
    var lastMemoryReading = -Double.infinity
    var busySampler = BusySampler()

    /// A supervisor for `config`, spawning `workerExecutable` with `workerArguments` as workers.
    ///
    /// `counterCount` sizes each scoreboard slot's application counters. `namedBinds` are
    /// addresses workers serve for a purpose of their own (a metrics port, say): bound once
    /// here with SO_REUSEPORT (so a USR2 successor can bind them too) and handed to every worker
    /// under their name (`WorkerContext.namedListeningSockets`). `reload` runs on
    /// HUP; without it, HUP restarts the workers with the same config. `reopenLogs` runs on USR1.
    /// `sharedFilePaths` names, for each generation (from its payload), files the supervisor
    /// copies once into sealed memory that the generation's workers map read-only
    /// (`WorkerContext.sharedFiles`): one copy in memory for all of them, which no change to the
    /// files on disk reaches; a reload copies them again. A file that cannot be read fails the
    /// start, or the reload (the old generation keeps serving).
    /// `controlReports` renders the control socket's `status` and `config` answers.
    /// `configPath` only appears in the process title. Call `ProcessTitle.prepare()` early in
    /// `main` so the titles have room.
    public init(
        config: ServerConfig,
        configPath: String? = nil,
        payload: Data,
        workerExecutable: String = "/proc/self/exe",
        workerArguments: [String],
        counterCount: Int = 64,
        namedBinds: [String: BindAddress] = [:],
        reload: Reload? = nil,
        sharedFilePaths: SharedFilePaths? = nil,
        reopenLogs: (@Sendable () -> Void)? = nil,
        controlReports: ControlReports = .plain,
        logger: Logger
    ) {
        self.config = config
        self.configPath = configPath
        self.initialPayload = payload
        self.counterCount = counterCount
        self.namedBinds = namedBinds
        self.spawner = WorkerSpawner(executable: workerExecutable, arguments: workerArguments)
        self.reload = reload
        self.sharedFilePaths = sharedFilePaths
        self.reopenLogs = reopenLogs
        self.controlReports = controlReports
        self.logger = logger
        self.notifier = SystemdNotifier()
        self.arbiter = Arbiter(settings: ArbiterSettings(config: config, cpus: CPUBudget.current.cpus))
    }


    /// Runs until the server stops; returns the process exit status (0, or 1 when it could not
    /// start, or `Arbiter.bootFailureExitStatus` when no worker could boot).
    public func run() -> Int32 {
        do {
            try setUp()
        } catch {
            logger.critical("\(error)")
            tearDown()
            return 1
        }
        handle(.start, now: MonotonicClock.seconds())
        while exitStatus == nil {
            waitForEvents(timeoutMilliseconds: 100)
            let now = MonotonicClock.seconds()
            let received = signals?.drain() ?? []
            perform(arbiter.receivedTogether(received))
            for signal in received where signal != .chld {
                handle(.signal(signal), now: now)
            }
            handleControlCalls(now: now)
            for message in statusPipe?.drain() ?? [] {
                switch message {
                case .ready(let pid): handle(.workerReady(pid: pid), now: now)
                case .bootFailed(let pid, let text): handle(.workerBootFailed(pid: pid, message: text), now: now)
                }
            }
            reapChildren()
            let tickAt = MonotonicClock.seconds()
            handle(.tick(readings: tickReadings(now: tickAt)), now: tickAt)
            publishSaturation(now: tickAt)
            reportToSystemd(now: now)
        }
        tearDown()
        return exitStatus ?? 1
    }

    private func waitForEvents(timeoutMilliseconds: CInt) {
        var fds = [signals?.readEnd, statusPipe?.readEnd, control?.inbox.readEnd].compactMap { $0 }
            .map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        _ = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
    }

    private func reapChildren() {
        while true {
            var status: CInt = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            let exit = ProcessExit(waitStatus: status)
            if pid == upgradePid {
                upgradeFailed(pid: pid, exit: exit)
            } else {
                handle(.childExited(pid: pid, exit: exit), now: MonotonicClock.seconds())
            }
        }
    }

    /// One line for `STATUS=` and logs: workers and requests served.
    var statusLine: String {
        let snapshot = scoreboard?.snapshot()
        let ready = snapshot?.slots.filter { $0.state == .ready }.count ?? 0
        return "\(ready) worker(s) ready, \(snapshot?.totalRequests ?? 0) request(s) served"
    }

    private func reportToSystemd(now: Double) {
        guard notifier.isEnabled else { return }
        if now - lastStatusCheck >= 1 {
            lastStatusCheck = now
            let line = statusLine
            if line != lastStatusLine {
                lastStatusLine = line
                try? notifier.status(line)
            }
        }
        if let interval = notifier.watchdogInterval {
            let half = Double(interval.components.seconds) / 2 + Double(interval.components.attoseconds) / 2e18
            if now - lastWatchdog >= half {
                lastWatchdog = now
                try? notifier.watchdog()
            }
        }
    }
}
