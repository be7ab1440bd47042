import Logging
import NIOCore
import NIOHTTP1

/// What every connection on one event loop shares: the router, limits, clock, logs and hooks.
struct ConnectionContext: Sendable {
    var router: Router
    let limits: RequestLimits
    let clock: EventLoopClock
    let logger: Logger
    let accessLog: AccessLog?
    let hooks: HTTPServerHooks

    /// Reports an answered request to the access log and the completion hook.
    func completed(request: HTTPRequestHead, response: Response, route: Router.Route?, started: NIODeadline, channel: Channel) {
        guard accessLog != nil || hooks.requestCompleted != nil else { return }
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
        hooks.requestCompleted?(CompletedRequest(
            route: route?.template,
            routeIndex: route?.index,
            method: request.method,
            status: Int(response.status.code),
            duration: .nanoseconds(elapsed.nanoseconds)
        ))
    }
}
