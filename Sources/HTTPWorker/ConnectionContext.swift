import Logging
import NIOCore
import NIOHTTP1

/// What every connection on one event loop shares: the router, limits, clock, logs, hooks and the
/// server's life cycle (whose drain makes every response close its connection).
struct ConnectionContext: Sendable {
    var router: Router
    let limits: RequestLimits
    /// The body bytes every connection of the worker may hold at once for incomplete requests.
    let bodyBudget: BodyBudget
    let clock: EventLoopClock
    let logger: Logger
    let accessLog: AccessLog?
    let hooks: HTTPServerHooks
    let lifecycle: WorkerLifecycle

    /// Reports an answered request to the access log and the completion hook.
    func completed(request: HTTPRequestHead, response: Response, route: Router.Route?, started: NIODeadline, channel: Channel) {
        report(request: request, response: response, route: route, started: started, channel: channel, to: hooks.requestCompleted)
    }

    /// Reports a request refused before its head could be read, whose first byte came at `started`,
    /// to the access log and the refusal hook.
    func refused(response: Response, started: NIODeadline, channel: Channel) {
        report(request: nil, response: response, route: nil, started: started, channel: channel, to: hooks.requestRefused)
    }

    private func report(
        request: HTTPRequestHead?, response: Response, route: Router.Route?, started: NIODeadline, channel: Channel,
        to hook: (@Sendable (CompletedRequest) -> Void)?
    ) {
        guard accessLog != nil || hook != nil else { return }
        let elapsed = NIODeadline.now() - started
        if let accessLog {
            accessLog.write(AccessLogEntry(
                remoteAddress: channel.remoteAddress,
                time: clock.logTime,
                request: request,
                response: response,
                duration: elapsed
            ))
        }
        hook?(CompletedRequest(
            route: route?.template,
            routeIndex: route?.index,
            method: request?.method,
            status: Int(response.status.code),
            duration: .nanoseconds(elapsed.nanoseconds)
        ))
    }
}
