import ArgumentParser
import Dispatch
import Foundation
import Glibc
import HTTPWorker
import Logging
import Prefork
import Tagifai
import TagifaiAPI

/// `tagifai worker`: one worker process, spawned by `serve` with its sockets, scoreboard slot and
/// config; it loads the model, serves the API and reports to the supervisor.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one worker process (started by `tagifai serve`, not by hand).",
        shouldDisplay: false)

    func run() throws {
        let context: WorkerContext
        do {
            context = try WorkerContext.fromEnvironment()
        } catch {
            FileHandle.standardError.write(Data("error: \(error) (workers are started by `tagifai serve`)\n".utf8))
            throw ExitCode(1)
        }
        let config: EffectiveConfig
        let errorLog: ErrorLog
        do {
            config = try EffectiveConfig.decode(String(decoding: context.payload, as: UTF8.self))
            errorLog = try ErrorLog(config: config.server)
        } catch {
            context.reportBootFailure("\(error)")
        }
        errorLog.bootstrap()
        let logger = Logger(label: "tagifai.worker")
        let accessLog: AccessLog?
        let server: HTTPServer
        do {
            let modelPath = config.application.string("model")
            let model = try TagifaiModel.load(from: URL(fileURLWithPath: modelPath))
            let (router, metrics) = try Self.routes(model: model, config: config, context: context)
            let metricsSocket = metrics == nil ? nil : context.namedListeningSockets[ServerMetrics.namedSocket]
            accessLog = try AccessLog(config: config.server)
            server = HTTPServer(
                config: config.server,
                router: metricsSocket == nil ? router : router.filter { $0.template != ServerMetrics.path },
                logger: logger, accessLog: accessLog,
                hooks: HTTPServerHooks(
                    tick: { _ in context.heartbeat() },
                    requestCompleted: { [metrics] request in
                        metrics?.record(request)
                        context.requestFinished()
                    },
                    requestStarted: { context.requestStarted() },
                    requestAbandoned: { context.requestAbandoned() },
                    requestRefused: { [metrics] request in metrics?.record(request) }))
            let fds = context.listeningSockets.map(\.fileDescriptor)
            try server.start(adopting: fds)
            if let metricsSocket {
                let metricsOnly = router.filter { $0.template == ServerMetrics.path }
                try server.start(adopting: [metricsSocket.fileDescriptor], router: metricsOnly)
            }
        } catch {
            context.reportBootFailure("\(error)")
        }
        let signals = WorkerSignals(
            drain: {
                context.markDraining()
                server.startDraining()
            },
            reopenLogs: {
                do {
                    try accessLog?.reopen()
                    try errorLog.reopen()
                } catch {
                    logger.error("USR1: \(error)")
                }
            },
            stopNow: {
                accessLog?.flush()
                Glibc.exit(0)
            })
        context.markReady()
        try blockingAwait { await server.run() }
        accessLog?.flush()
        withExtendedLifetime(signals) {}
    }
}

extension APISettings {
    /// The API's limits and docs assets from tagifai's application settings.
    init(_ application: ApplicationConfig) {
        self.init()
        maxBatchSize = application.integer("max_batch_size")
        maxTextLength = application.integer("max_text_length")
        swaggerJSURL = application.string("docs_swagger_js_url")
        swaggerCSSURL = application.string("docs_swagger_css_url")
        redocJSURL = application.string("docs_redoc_js_url")
    }
}
