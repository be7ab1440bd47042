/// Where each request metric lives among a scoreboard slot's application counters.
///
/// Fixed when the worker starts from its router's route templates (plus one for requests no
/// route matched), so recording a request is index arithmetic and a few atomic adds. Counters
/// `base..<end`: requests by route, method and status, then per route the latency buckets
/// (not cumulative), the duration sum in nanoseconds and the count.
struct RequestMetricsLayout: Sendable, Equatable {
    /// The distinct route templates, in router order; requests no route matched come after them.
    let templates: [String]
    /// The template index of each route, by `Router.Route.index`.
    let templateOfRoute: [Int]
    /// The first counter the layout uses.
    let base: Int

    static let unmatchedLabel = "unmatched"
    static let histogramWords = LatencyBuckets.count + 2

    /// A layout for routes given as (`Router.Route.index`, template) pairs.
    init(routes: [(index: Int, template: String)], base: Int) {
        var templates: [String] = []
        var templateOfRoute = [Int](repeating: 0, count: (routes.map(\.index).max() ?? -1) + 1)
        for route in routes {
            if let known = templates.firstIndex(of: route.template) {
                templateOfRoute[route.index] = known
            } else {
                templateOfRoute[route.index] = templates.count
                templates.append(route.template)
            }
        }
        self.templates = templates
        self.templateOfRoute = templateOfRoute
        self.base = base
    }

    /// Route label values by route slot: the templates, then `unmatched`.
    var routeLabels: [String] { templates + [Self.unmatchedLabel] }
    var routeSlotCount: Int { templates.count + 1 }

    /// The route slot of a completed request's route index.
    func routeSlot(ofRoute index: Int?) -> Int {
        guard let index, index < templateOfRoute.count else { return templates.count }
        return templateOfRoute[index]
    }

    func requestCounter(routeSlot: Int, method: Int, status: Int) -> Int {
        base + (routeSlot * MetricMethod.allCases.count + method) * MetricStatus.count + status
    }

    private var histogramBase: Int { requestCounter(routeSlot: routeSlotCount, method: 0, status: 0) }

    func bucketCounter(routeSlot: Int, bucket: Int) -> Int {
        histogramBase + routeSlot * Self.histogramWords + bucket
    }

    func durationSumCounter(routeSlot: Int) -> Int { bucketCounter(routeSlot: routeSlot, bucket: LatencyBuckets.count) }

    func durationCountCounter(routeSlot: Int) -> Int { durationSumCounter(routeSlot: routeSlot) + 1 }

    /// One past the last counter the layout uses.
    var end: Int { histogramBase + routeSlotCount * Self.histogramWords }

    /// Counters a layout of `routeTemplates` distinct templates after `base` others needs.
    static func counterCount(routeTemplates: Int, base: Int) -> Int {
        base + (routeTemplates + 1) * (MetricMethod.allCases.count * MetricStatus.count + histogramWords)
    }
}
