import HTTPWorker
import Prefork

extension HTTPServerHooks {
    /// The hooks of a server running as a pre-fork worker in `context`'s scoreboard slot.
    ///
    /// This is the one route by which requests reach the slot: each started request raises the
    /// in-flight count, each answered one lowers it and counts towards `max_requests`, and when
    /// `metrics` is given, answered and refused requests are also counted by route, method and
    /// status, refused PROXY protocol headers by reason, and connections the server closed by reason. Each of the `loops` event loops beats for itself, and the slot's state follows the
    /// server's phase (ready when serving, draining when the drain begins). The worker's share of
    /// the connections is weighed against the other ready workers' in the scoreboard: before each
    /// accept on the shared sockets (not with `reuse_port`, where each worker has a socket of its
    /// own), and once a second to close kept-alive connections for balance.
    public static func worker(_ context: WorkerContext, loops: Int, metrics: ServerMetrics?) -> HTTPServerHooks {
        context.setEventLoops(loops)
        let share: @Sendable () -> ConnectionShare? = {
            guard let counts = context.scoreboard.connectionShare(of: context.slot) else { return nil }
            return ConnectionShare(own: Int(counts.own), total: Int(counts.total), workers: counts.workers)
        }
        let overShare: @Sendable () -> Bool = { share()?.isOverFairShare == true }
        return HTTPServerHooks(
            tick: { loop in context.heartbeat(loop: loop, of: loops) },
            requestCompleted: { request in
                metrics?.record(request)
                context.requestFinished()
            },
            requestStarted: { context.requestStarted() },
            requestAbandoned: { context.requestAbandoned() },
            requestRefused: { request in metrics?.record(request) },
            phaseChanged: { phase in
                switch phase {
                case .serving: context.markReady()
                case .draining: context.markDraining()
                case .booting, .stopped: break
                }
            },
            proxyRefused: { refusal in metrics?.record(refusal) },
            sendTimedOut: { metrics?.record(.sendTimeout) },
            connectionOpened: { context.connectionOpened() },
            connectionClosed: { context.connectionClosed() },
            connectionShare: share,
            leavesConnectionToOthers: context.reusePort ? nil : overShare,
            closedForBalance: { metrics?.record(.balance) },
            http2ConnectionClosed: { reason in metrics?.record(reason) })
    }
}
