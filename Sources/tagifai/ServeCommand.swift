import ArgumentParser
import FoundationEssentials
import HTTPWorker
import Logging
import Prefork

/// `tagifai serve`: the supervisor. Binds the sockets, starts the workers and keeps them running.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the API: a supervisor process and its pre-forked workers.",
        discussion: """
            Reads the configuration (flags over TAGIFAI_* variables over the config file over \
            defaults; see check-config), binds the listening sockets or takes them from systemd, \
            and starts `workers` worker processes that share them. Signals: TERM graceful stop, \
            INT/QUIT fast stop, HUP reload config and model with no downtime, TTIN/TTOU one worker \
            more/less, USR1 reopen log files, USR2 start a new supervisor binary on the same sockets. \
            The same and more through the control socket: see tagifai ctl. \
            Exits 78 (EX_CONFIG) when the configuration is invalid, 1 when the sockets, the \
            pidfile or the error log cannot be had, 3 when no worker could boot.
            """)

    @OptionGroup var options: ConfigOptions

    /// sysexits' EX_CONFIG, which systemd shows as "CONFIG": the unit does not restart on it, since
    /// restarting cannot mend a configuration.
    static let invalidConfiguration = ExitCode(78)

    func run() throws {
        ProcessTitle.prepare()
        let config = try options.loadReportingErrors(failureStatus: Self.invalidConfiguration)
        var (server, runtimeFolder) = config.serverResolvingPidfile()
        var runtimeFolderProblem: RuntimeFolderError?
        do {
            if let runtimeFolder { try runtimeFolder.folder.prepare(uid: runtimeFolder.uid, gid: runtimeFolder.gid) }
        } catch {
            // The pidfile `auto` asks for is a convenience: the server runs without it.
            server.pidfile = nil
            runtimeFolderProblem = error
        }
        let errorLog = try ErrorLog.bootstrapped(for: server)
        let logger = Logger(label: "tagifai.supervisor")
        if let runtimeFolderProblem {
            logger.warning("\(runtimeFolderProblem); serving without a pidfile, so status and ctl need --pidfile or --socket")
        }
        for variable in ApplicationSettings.loader.unrecognizedVariables(in: ProcessInfo.processInfo.environment) {
            logger.warning("\(variable)")
        }
        let supervisor = Supervisor(
            config: server,
            configPath: config.file,
            payload: Data(try config.encode().utf8),
            workerArguments: [WorkerCommand.configuration.commandName!],
            counterCount: ServerMetrics.scoreboardCounters,
            namedBinds: ServerMetrics.namedBinds(in: config.application),
            reload: { [options] in
                let reloaded = try options.loadServing()
                return (reloaded.serverResolvingPidfile().server, Data(try reloaded.encode().utf8))
            },
            sharedFilePaths: { payload in
                try EffectiveConfig.decode(String(decoding: payload, as: UTF8.self)).sharedModelFiles()
            },
            reopenLogs: { try? errorLog.reopen() },
            controlReports: ControlReports(
                status: { pid, snapshot in
                    let status = ServerStatus(supervisorPid: pid, snapshot: snapshot, now: MonotonicClock.nanoseconds())
                    return ((try? status.json()) ?? "{}", status.table())
                },
                config: { payload in
                    let config = try EffectiveConfig.decode(String(decoding: payload, as: UTF8.self))
                    return (try config.jsonReport(), config.textReport())
                }),
            logger: logger)
        let status = supervisor.run()
        if status != 0 { throw ExitCode(status) }
    }
}
