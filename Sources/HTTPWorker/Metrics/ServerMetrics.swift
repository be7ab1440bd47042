import NIOCore
import Settings

/// The whole server's metrics: counts this worker's requests into its `MetricsStore` and
/// answers `GET /metrics` with every worker's counts summed.
///
/// A scrape that lands on any worker sees the whole server, which per-process metrics cannot
/// give with N workers behind one socket.
public final class ServerMetrics: Sendable {
    /// The path the metrics are served on.
    public static let path = "/metrics"
    /// The name a supervisor gives the socket of `metrics_bind` (`Supervisor(namedBinds:)`).
    public static let namedSocket = "metrics"
    /// Distinct route templates a store sized with `scoreboardCounters` has room for.
    public static let routeCapacity = 24
    /// Application counters (`MetricsRegistry`) a store sized with `scoreboardCounters` has room for.
    public static let applicationCounterCapacity = 64
    /// The counters per worker the store should have (a supervisor's `Supervisor(counterCount:)`).
    public static let scoreboardCounters = RequestMetricsLayout.counterCount(
        routeTemplates: routeCapacity, base: applicationCounterCapacity)

    /// The keys an application adds to its setting table to let operators turn `/metrics` off, move
    /// it to an address of its own or name who may read it; read back with `isEnabled(in:)`,
    /// `namedBinds(in:)` and `allowList(in:)`.
    public static let settings: [Setting] = [
        Setting("metrics", .boolean, default: .boolean(true),
                "Whether workers answer GET /metrics in Prometheus text format."),
        Setting("metrics_bind", .address, default: .unset, optional: true,
                "Separate address for /metrics; null serves it on bind."),
        Setting("metrics_allow_ips", .networks, default: .text("127.0.0.1,::1"),
                "Clients that GET /metrics answers on bind; others get 404 as for an unknown route. Behind a proxy in forwarded_allow_ips the client it names is judged, not the proxy. Every client may read metrics_bind."),
    ]

    /// Who may read `/metrics` on `bind` (`metrics_allow_ips`) in an application config whose
    /// table includes `settings`.
    public static func allowList(in config: ApplicationConfig) -> IPAllowList {
        config.allowList("metrics_allow_ips")
    }

    /// Whether `metrics` is on in an application config whose table includes `settings`.
    public static func isEnabled(in config: ApplicationConfig) -> Bool {
        config.boolean("metrics")
    }

    /// The named bind (`Supervisor(namedBinds:)`) of `metrics_bind`, or none when it is unset or
    /// metrics are off.
    public static func namedBinds(in config: ApplicationConfig) -> [String: BindAddress] {
        guard isEnabled(in: config), let address = config.optionalAddress("metrics_bind") else { return [:] }
        return [namedSocket: address]
    }

    /// The prefix of the server's own series (`<namespace>_http_requests_total`).
    let namespace: String
    let layout: RequestMetricsLayout
    let registry: MetricsRegistry
    let store: any MetricsStore
    let proxyRefusals: MetricCounterFamily
    let closedConnections: MetricCounterFamily
    /// The counter of answered HTTP/1.0 requests, followed by HTTP/1.1's and HTTP/2's
    /// (`protocolLabels`): added to directly, as copying the family for each request cost more
    /// than the add.
    let firstProtocolCounter: Int
    /// The protocol label of HTTP/1.0, 1.1 and 2, in the order `record(_:)` counts them.
    static let protocolLabels = ["HTTP/1.0", "HTTP/1.1", "HTTP/2.0"]

    init(
        namespace: String, layout: RequestMetricsLayout, registry: MetricsRegistry, proxyRefusals: MetricCounterFamily,
        closedConnections: MetricCounterFamily, protocols: MetricCounterFamily
    ) {
        self.namespace = namespace
        self.layout = layout
        self.registry = registry
        self.proxyRefusals = proxyRefusals
        self.closedConnections = closedConnections
        self.firstProtocolCounter = protocols.firstCounter
        self.store = registry.store
    }

    /// Adds `GET /metrics` to `router` (after the application's routes, whose requests it counts)
    /// and returns the metrics to report requests to; the server's series are named under
    /// `namespace` (`myapp` gives `myapp_http_requests_total`).
    ///
    /// `clients` (`metrics_allow_ips`) are the only clients the route answers, others get the 404 of
    /// an unknown route (`Router.add(_:_:allowing:handler:)`); nil answers every client.
    ///
    /// - Throws: `MetricsError.scoreboardTooSmall` when the routes and the registry's counters
    ///   do not fit the store.
    public static func install(
        in router: inout Router, registry: MetricsRegistry, namespace: String, allowing clients: IPAllowList? = nil
    ) throws(MetricsError) -> ServerMetrics {
        // Registered with proxy_protocol off too: the counters' places in the store stay
        // the same when a reload turns it on or off.
        let proxyRefusals = registry.counter(
            "\(namespace)_proxy_protocol_refusals_total",
            help: "Connections closed before any request because their PROXY protocol header was refused, by reason.",
            label: "reason", values: ProxyRefusal.allCases.map(\.rawValue))
        let closedConnections = registry.counter(
            "\(namespace)_connections_closed_total",
            help: "Connections the server closed on its own, by reason: send_timeout (a response pending too long), balance (kept-alive, to spread connections over the workers), http2_rapid_reset, http2_flood, http2_protocol_error (HTTP/2 clients closed with GOAWAY).",
            label: "reason", values: ConnectionCloseReason.allCases.map(\.rawValue))
        let protocols = registry.counter(
            "\(namespace)_http_requests_by_protocol_total",
            help: "HTTP requests answered, by protocol version (the requests of http_requests_total).",
            label: "protocol", values: Self.protocolLabels)
        let routes = router.routes.map { ($0.index, $0.template) } + [(router.routes.count, path)]
        let layout = RequestMetricsLayout(routes: routes, base: registry.counterCount)
        let available = registry.store.counterCount
        guard layout.end <= available else { throw .scoreboardTooSmall(needed: layout.end, available: available) }
        let metrics = ServerMetrics(
            namespace: namespace, layout: layout, registry: registry, proxyRefusals: proxyRefusals,
            closedConnections: closedConnections, protocols: protocols)
        router.add(.GET, path, allowing: clients) { _ in metrics.response() }
        return metrics
    }

    /// Counts an answered request: one atomic add for its route, method and status, three for its duration.
    public func record(_ request: CompletedRequest) {
        let routeSlot = layout.routeSlot(ofRoute: request.routeIndex)
        let method = MetricMethod(request.method).rawValue
        let status = MetricStatus.index(of: request.status)
        store.add(1, toCounter: layout.requestCounter(routeSlot: routeSlot, method: method, status: status))
        let nanoseconds = max(0, request.duration.nanoseconds)
        store.add(1, toCounter: layout.bucketCounter(routeSlot: routeSlot, bucket: LatencyBuckets.index(ofNanoseconds: nanoseconds)))
        store.add(UInt64(nanoseconds), toCounter: layout.durationSumCounter(routeSlot: routeSlot))
        store.add(1, toCounter: layout.durationCountCounter(routeSlot: routeSlot))
        if let version = request.version {
            store.add(1, toCounter: firstProtocolCounter + (version.major == 2 ? 2 : version.minor == 0 ? 0 : 1))
        }
    }

    /// Counts a connection closed because its PROXY protocol header was refused.
    public func record(_ refusal: ProxyRefusal) {
        proxyRefusals.increment(value: refusal.rawValue)
    }

    /// Counts a connection the server closed on its own.
    public func record(_ reason: ConnectionCloseReason) {
        closedConnections.increment(value: reason.rawValue)
    }

    /// The exposition of the whole server, now.
    public func render() -> String {
        MetricsExposition(
            namespace: namespace, layout: layout, counterFamilies: registry.counterFamilies, histograms: registry.histograms,
            infos: registry.infos)
            .render(store.readings())
    }

    func response() -> Response {
        Response(status: .ok, headers: ["Content-Type": PrometheusText.contentType], body: ByteBuffer(string: render()))
    }
}
