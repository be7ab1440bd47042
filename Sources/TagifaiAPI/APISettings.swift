/// What an operator can tune about the API: its limits, its name and where the docs pages load their scripts.
public struct APISettings: Sendable, Equatable {
    /// The title shown in the OpenAPI document and the docs pages.
    public var title = "TagIfAI - Made With ML"
    /// The one-line description in the OpenAPI document.
    public var summary = "Classify machine learning projects."
    /// The API version in the OpenAPI document.
    public var version = "0.1"
    /// The most texts one `POST /predict` may hold.
    public var maxBatchSize = 100
    /// The most characters (Unicode scalars) one text may hold.
    public var maxTextLength = 10_000
    /// The deepest nesting of arrays and objects a request body may have (at most `JSONReader.depthCeiling`).
    public var maxJSONDepth = 32
    /// Swagger UI's script for `/docs`; the default is FastAPI's CDN, at a pinned version.
    public var swaggerJSURL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1/swagger-ui-bundle.js"
    /// Swagger UI's stylesheet for `/docs`.
    public var swaggerCSSURL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1/swagger-ui.css"
    /// ReDoc's script for `/redoc`; the default is FastAPI's CDN, at a pinned version.
    public var redocJSURL = "https://cdn.jsdelivr.net/npm/redoc@2.5.4/bundles/redoc.standalone.js"
    /// The icon both docs pages show.
    public var faviconURL = "https://fastapi.tiangolo.com/img/favicon.png"
    /// Files served under `/docs/assets/` that the pages load instead of the URLs above, so they
    /// link nothing outside this server; nil loads the URLs.
    public var docsAssets: DocsAssets?
    /// How a costly model's predictions run off the event loops.
    public var computePool = ComputePoolSettings()

    public init() {}

    /// The payload limits `POST /predict` enforces.
    var payloadLimits: PredictPayload.Limits {
        PredictPayload.Limits(maxBatchSize: maxBatchSize, maxTextLength: maxTextLength)
    }
}

extension APISettings {
    /// The URL the docs pages link to for `file`: on this server when `docsAssets` is set.
    func linked(_ file: DocsAssets.File) -> String {
        if docsAssets != nil { return DocsAssets.url(file) }
        switch file {
        case .swaggerJS: return swaggerJSURL
        case .swaggerCSS: return swaggerCSSURL
        case .redocJS: return redocJSURL
        default: return faviconURL
        }
    }
}
