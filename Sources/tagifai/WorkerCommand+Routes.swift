import HTTPWorker
import Prefork
import Tagifai
import TagifaiAPI

extension WorkerCommand {
    /// The API's routes, plus `GET /metrics`, the metrics that count them and the counters of refused
    /// PROXY protocol headers when `metrics` is on.
    static func routes(
        model: TagifaiModel, config: EffectiveConfig, context: WorkerContext
    ) throws -> (Router, ServerMetrics?, proxyRefusals: MetricCounterFamily?) {
        var settings = APISettings(config.application)
        settings.docsAssets = try config.application.optionalString("docs_assets").map(DocsAssets.load(from:))
        var api = try TagifaiAPI(model: model, settings: settings)
        api.isStopping = { context.supervisorIsStopping }
        var router = Router()
        guard config.server.metrics else {
            api.register(in: &router)
            return (router, nil, nil)
        }
        let registry = MetricsRegistry(scoreboard: context.scoreboard, slot: context.slot)
        api.countPredictions(in: registry)
        // Registered with proxy_protocol off too: the counters' places in the scoreboard slot stay
        // the same when a reload turns it on or off.
        let proxyRefusals = registry.counter(
            "tagifai_proxy_protocol_refusals_total",
            help: "Connections closed before any request because their PROXY protocol header was refused, by reason.",
            label: "reason", values: ProxyRefusal.allCases.map(\.rawValue))
        registry.info(
            "tagifai_model_info", help: "The model being served: its version and the SHA-256 of its training data.",
            labels: [("version", model.manifest.modelVersion), ("dataset_sha256", model.manifest.datasetSHA256)])
        api.register(in: &router)
        let metrics = try ServerMetrics.install(in: &router, registry: registry)
        return (router, metrics, proxyRefusals)
    }
}
