import HTTPWorker
import NIOCore
import NIOHTTP1

/// The lesson's REST API over a loaded model: the routes, their envelope, validation and docs.
///
/// Everything that does not change per request (the performance document and its sections,
/// the arguments, each with its `data` key, the OpenAPI document and the docs pages) is encoded
/// once here, so a request only writes the envelope's own fields and copies bytes; `POST /predict`
/// parses, predicts and writes.
public struct TagifaiAPI: Sendable {
    /// The settings the API was built with.
    public let settings: APISettings
    let model: ServedModel
    let reader: JSONReader
    /// `GET /performance`'s `data`: `{"performance": <the whole document>}`.
    let performance: PreparedData
    /// `GET /performance?filter=NAME`'s `data` for each section, by name, in document order.
    let performanceSections: [(name: String, data: PreparedData)]
    /// `GET /args`'s `data`: `{"args": <every argument>}`.
    let args: PreparedData
    /// `GET /args/{arg}`'s `data` for each training argument, `{"<name>": <value>}`, in definition order.
    let argValues: [(name: String, data: PreparedData)]
    let openAPI: ByteBuffer
    let swaggerPage: ByteBuffer
    let redocPage: ByteBuffer
    /// Predictions by tag, counted when `countPredictions(in:)` registered them.
    var predictionCounters: MetricCounterFamily?
    /// The threads that run a costly model's predictions; nil for a model answered on the event loop.
    let computePool: ComputePool?
    /// Whether the server has begun to stop, which `GET /ready` answers with 503; the worker
    /// reads it from the supervisor (one atomic load per call). Never stopping until set.
    public var isStopping: @Sendable () -> Bool = { false }

    /// The path the OpenAPI document is served on, as in FastAPI.
    public static let openAPIPath = "/openapi.json"

    package init(model: ServedModel, settings: APISettings) {
        self.settings = settings
        self.model = model
        self.computePool = model.isCostly
            ? ComputePool(settings: settings.computePool, predict: model.predict) : nil
        self.reader = JSONReader(maxDepth: settings.maxJSONDepth)
        self.performance = PreparedData(key: "performance", value: model.performance)
        self.performanceSections = Self.members(of: model.performance).map {
            ($0.key, PreparedData(key: "performance", value: $0.value))
        }
        self.args = PreparedData(key: "args", value: model.args)
        self.argValues = Self.members(of: model.args).map { ($0.key, PreparedData(key: $0.key, value: $0.value)) }
        let document = OpenAPIDocument(
            settings: settings, model: model, examplePredictions: model.predict(OpenAPIDocument.exampleTexts))
        self.openAPI = Self.encode(document.json)
        self.swaggerPage = ByteBuffer(string: DocsPages.swaggerUI(settings: settings, openAPIPath: Self.openAPIPath))
        self.redocPage = ByteBuffer(string: DocsPages.redoc(settings: settings, openAPIPath: Self.openAPIPath))
    }

    /// Adds the API's routes to `router`: `/`, `/ready`, `/performance`, `/args`, `/args/{arg}`, `/predict`,
    /// `/openapi.json`, `/docs` and `/redoc`, and the docs pages' files when `docsAssets` is set.
    public func register(in router: inout Router) {
        router.add(.GET, "/") { request in index(request) }
        router.add(.GET, "/ready") { request in ready(request) }
        router.add(.GET, "/performance") { request in performance(request) }
        router.add(.GET, "/args") { request in args(request) }
        router.add(.GET, "/args/{arg}") { request in arg(request) }
        if let computePool {
            router.addDeferred(.POST, "/predict") { request, loop in predict(request, on: computePool, loop: loop) }
        } else {
            router.add(.POST, "/predict") { request in predict(request) }
        }
        router.add(.GET, Self.openAPIPath) { _ in Response.json(.ok, body: openAPI) }
        router.add(.GET, "/docs") { _ in Self.html(swaggerPage) }
        router.add(.GET, "/redoc") { _ in Self.html(redocPage) }
        for (url, response) in docsAssetResponses {
            router.add(.GET, url) { _ in response }
        }
    }

    /// `GET /docs/assets/NAME` for each file of `settings.docsAssets`, when it is set.
    private var docsAssetResponses: [(url: String, response: Response)] {
        guard let assets = settings.docsAssets else { return [] }
        return DocsAssets.files.map { file in
            let headers: HTTPHeaders = ["Content-Type": file.contentType, "Cache-Control": "public, max-age=86400"]
            return (DocsAssets.url(file), Response(status: .ok, headers: headers, body: ByteBuffer(bytes: assets.contents[file.name] ?? [])))
        }
    }

    /// Counts every prediction by its tag as `tagifai_predictions_total{tag}` in `registry`.
    public mutating func countPredictions(in registry: MetricsRegistry) {
        predictionCounters = registry.counter(
            "tagifai_predictions_total", help: "Texts tagged by POST /predict, by predicted tag.", label: "tag",
            values: model.classes)
    }

    /// For a costly model, records in `registry` how long each call to it took
    /// (`tagifai_inference_duration_seconds`), how many texts it took (`tagifai_inference_batch_texts`)
    /// and the requests refused 503 because the compute pool was saturated
    /// (`tagifai_predict_saturated_total{reason}`); registers nothing for a model predicted inline.
    public func countCompute(in registry: MetricsRegistry) {
        guard let computePool else { return }
        let duration = registry.histogram(
            "tagifai_inference_duration_seconds", help: "Time of one call to the costly model, on a compute thread.",
            bounds: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5])
        let texts = registry.histogram(
            "tagifai_inference_batch_texts", help: "Texts in one call to the costly model (micro-batch size).",
            bounds: [1, 2, 4, 8, 16, 32, 64, 128])
        let refused = registry.counter(
            "tagifai_predict_saturated_total",
            help: "POST /predict answered 503 because the worker's compute pool was saturated, by reason.",
            label: "reason", values: ComputePoolRefusal.allCases.map(\.rawValue))
        computePool.observe { event in
            switch event {
            case .batch(let count, let seconds):
                duration.observe(seconds)
                texts.observe(Double(count))
            case .refused(let reason):
                refused.increment(value: reason.rawValue)
            }
        }
    }

    private static func html(_ page: ByteBuffer) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: page)
    }

    private static func encode(_ value: JSONValue) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeJSON(value)
        return buffer
    }

    private static func members(of value: JSONValue) -> [JSONValue.Member] {
        guard case .object(let members) = value else { return [] }
        return members
    }
}
