import HTTPWorker
import Prefork
import Tagifai
import TagifaiAPI
import WorkerSeam

extension WorkerCommand {
    /// The API's routes, plus `GET /metrics` and the metrics that count them when `metrics` is on.
    static func routes(
        model: any TextTagger, config: EffectiveConfig, context: WorkerContext
    ) throws -> (Router, ServerMetrics?) {
        var settings = APISettings(config.application)
        settings.docsAssets = try config.application.optionalString("docs_assets").map(DocsAssets.load(from:))
        var api = try TagifaiAPI(model: model, settings: settings)
        api.isStopping = { context.supervisorIsStopping }
        var router = Router()
        guard ServerMetrics.isEnabled(in: config.application) else {
            api.register(in: &router)
            return (router, nil)
        }
        let registry = MetricsRegistry(scoreboard: context.scoreboard, slot: context.slot)
        api.countPredictions(in: registry)
        api.countCompute(in: registry)
        registry.info(
            "tagifai_model_info", help: "The model being served: its version and the SHA-256 of its training data.",
            labels: [("version", model.manifest.modelVersion), ("dataset_sha256", model.manifest.datasetSHA256)])
        api.register(in: &router)
        let metrics = try ServerMetrics.install(
            in: &router, registry: registry, namespace: "tagifai",
            allowing: ServerMetrics.allowList(in: config.application))
        return (router, metrics)
    }
}
