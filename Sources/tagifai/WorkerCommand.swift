import ArgumentParser
import FoundationEssentials
import Glibc
import HTTPWorker
import Logging
import Prefork
import Settings
import Tagifai
import TagifaiAPI
import WorkerSeam

/// `tagifai worker`: one worker process, spawned by `serve` with its sockets, scoreboard slot and
/// config; it loads the model, serves the API and reports to the supervisor.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one worker process (started by `tagifai serve`, not by hand).",
        shouldDisplay: false)

    func run() throws {
        WorkerSignals.block()
        let context: WorkerContext
        do {
            context = try WorkerContext.fromEnvironment()
        } catch {
            StandardError.write("error: \(error) (workers are started by `tagifai serve`)\n")
            throw ExitCode(1)
        }
        let config: EffectiveConfig
        let http: HTTPSettings
        let errorLog: ErrorLog
        do {
            config = try EffectiveConfig.decode(String(decoding: context.payload, as: UTF8.self))
            http = try config.httpSettings()
            errorLog = try ErrorLog(config: config.server)
        } catch {
            context.reportBootFailure("\(error)")
        }
        errorLog.bootstrap()
        let logger = Logger(label: "tagifai.worker")
        let accessLog: AccessLog?
        let server: HTTPServer
        let router: Router
        let metricsSocket: ListeningSocket?
        do {
            let model = try config.loadModel(sharing: context)
            let metrics: ServerMetrics?
            (router, metrics) = try Self.routes(model: model, config: config, context: context)
            metricsSocket = metrics == nil ? nil : context.namedListeningSockets[ServerMetrics.namedSocket]
            accessLog = try AccessLog(settings: http)
            let tls = try ServerTLS.load(http)
            server = HTTPServer(
                settings: http,
                router: metricsSocket == nil ? router : router.filter { $0.template != ServerMetrics.path },
                logger: logger, accessLog: accessLog, tls: tls,
                hooks: .worker(context, loops: max(http.threads, 1), metrics: metrics))
        } catch {
            context.reportBootFailure("\(error)")
        }
        Self.handleSignals(server: server, accessLog: accessLog, errorLog: errorLog, logger: logger)
        do {
            try server.start(listeningOn: context.listeningSockets)
            if let metricsSocket {
                let metricsOnly = router.filter { $0.template == ServerMetrics.path }
                try server.start(listeningOn: [metricsSocket], router: metricsOnly)
            }
        } catch HTTPServerError.drained {
            // TERM came while booting: the drain has started and ends the worker below.
        } catch {
            context.reportBootFailure("\(error)")
        }
        server.ready()
        server.waitUntilStopped()
        Self.exitNow(flushing: accessLog)
    }

    /// Starts taking the worker's signals: from here on a TERM that came during boot starts the drain.
    private static func handleSignals(server: HTTPServer, accessLog: AccessLog?, errorLog: ErrorLog, logger: Logger) {
        WorkerSignals.start(
            drain: { server.startDraining() },
            reopenLogs: {
                do {
                    try accessLog?.reopen()
                    try errorLog.reopen()
                } catch {
                    logger.error("USR1: \(error)")
                }
            },
            stopNow: { exitNow(flushing: accessLog) })
    }

    /// Ends the process with status 0 once the logs are flushed, with `_exit`: `exit` would run the
    /// process's exit handlers and destructors while event loop threads still run.
    private static func exitNow(flushing accessLog: AccessLog?) -> Never {
        accessLog?.flush()
        fflush(nil)
        _exit(0)
    }
}
