import NIOConcurrencyHelpers
import NIOCore
import Settings

extension Router {
    /// Whether some route answers only some clients (`add(_:_:allowing:handler:)`).
    var restrictsClients: Bool {
        routes.contains { $0.allowedClients != nil }
    }

    /// The router a connection from `peer` is served with: the routes whose `allowedClients` do not
    /// hold `peer` are left out, so their paths answer 404 as unknown ones do.
    ///
    /// On a connection whose peer is a trusted proxy (`proxies`: `forwarded_allow_ips`), the client
    /// is known only per request: such routes stay in, and each request is judged by the client the
    /// forwarding headers name (`ForwardedRequest`, the same rules the access log and the `url`
    /// follow), or by the peer when they name none; a client not allowed gets the 404 of an unknown
    /// path. Other methods on the path then answer 405, which shows the path exists but nothing
    /// behind it.
    func serving(peer: SocketAddress?, forwardingFrom proxies: IPAllowList?) -> Router {
        guard restrictsClients else { return self }
        var served = Router()
        served.routes = routes.compactMap { route in
            guard let clients = route.allowedClients else { return route }
            let peerAllowed = Self.allows(clients, peer)
            guard let proxies else { return peerAllowed ? route : nil }
            return route.judgingEachRequest(allowing: clients, forwardingFrom: proxies, peerAllowed: peerAllowed)
        }
        return served
    }

    /// Whether `clients` holds `peer`; any peer of a Unix socket is allowed.
    fileprivate static func allows(_ clients: IPAllowList, _ peer: SocketAddress?) -> Bool {
        switch peer {
        case .unixDomainSocket: true
        case let peer?: peer.ipAddressValue.map(clients.contains) ?? false
        case nil: false
        }
    }
}

/// `Router.serving` for each connection, each different outcome built once and shared.
///
/// What a connection is served with depends only on which of the routes that answer some clients
/// admit its peer, and on whether the peer is a trusted proxy: those bits key the routers built so
/// far, so a connection costs a few address checks rather than a filtered copy of every route (about
/// 1.5 KB a connection, kept while it is open).
final class ServedRouters: Sendable {
    private let router: Router
    /// The `allowedClients` of the routes that answer some clients, in route order.
    private let restricted: [IPAllowList]
    private let built = NIOLockedValueBox<[UInt64: Router]>([:])

    init(_ router: Router) {
        self.router = router
        restricted = router.routes.compactMap(\.allowedClients)
    }

    /// `router.serving(peer: peer, forwardingFrom: proxies)`.
    func router(peer: SocketAddress?, forwardingFrom proxies: IPAllowList?) -> Router {
        if restricted.isEmpty { return router }
        // One bit a restricted route, and the top bit for a trusted proxy's connection.
        guard restricted.count < UInt64.bitWidth else { return router.serving(peer: peer, forwardingFrom: proxies) }
        var key: UInt64 = proxies == nil ? 0 : 1 << (UInt64.bitWidth - 1)
        for (bit, clients) in restricted.enumerated() where Router.allows(clients, peer) { key |= 1 << bit }
        return built.withLockedValue { built in
            if let served = built[key] { return served }
            let served = router.serving(peer: peer, forwardingFrom: proxies)
            built[key] = served
            return served
        }
    }
}

extension Router.Route {
    /// This route, answering 404 to a request whose client (what trusted forwarding headers name,
    /// else the peer, which `peerAllowed` judged) is not in `clients`.
    fileprivate func judgingEachRequest(
        allowing clients: IPAllowList, forwardingFrom proxies: IPAllowList, peerAllowed: Bool
    ) -> Router.Route {
        let answer = handler
        let isAllowed: @Sendable (Request) -> Bool = { request in
            let named = ForwardedRequest(request.headers, trusting: proxies)?.client.flatMap(IPAddressValue.init(parsing:))
            return named.map(clients.contains) ?? peerAllowed
        }
        let notFound = Response.detail(.notFound, "Not Found")
        var judged = Router.Route(
            method: method, template: template, index: index,
            handler: { request in isAllowed(request) ? answer(request) : notFound },
            allowedClients: allowedClients, segments: segments)
        if let later = deferred {
            judged.deferred = { request, loop in
                isAllowed(request) ? later(request, loop) : loop.makeSucceededFuture(notFound)
            }
        }
        return judged
    }
}
