import Prefork

import HTTPWorker
import Settings
import TagifaiAPI

/// The keys tagifai adds to the server's: `/metrics`, the model it serves and the API's limits and
/// docs assets.
enum ApplicationSettings {
    static let all: [Setting] = ServerMetrics.settings + [
        Setting("model", .path, default: .text("models/tagifai"),
                "Folder of the trained model artifacts the workers load."),
    ] + api.map(\.setting) + [
        Setting("docs_assets", .path, default: .unset, optional: true,
                "Folder of Swagger UI and ReDoc files served under /docs/assets/ for the docs pages, which then link nothing outside this server (scripts/install-docs-assets fills it); null loads the URLs above."),
    ]

    /// The keys that set a field of `APISettings`, whose values are their defaults.
    static let api: [APISettingBinding] = [
        .integer("max_batch_size", \.maxBatchSize, 1...10000,
                 "Most texts one /predict request may carry; more are answered 422."),
        .integer("max_text_length", \.maxTextLength, 1...1_000_000,
                 "Longest title + description in characters; longer ones are answered 422."),
        .integer("compute_threads", \.computePool.threads, 1...64,
                 "Threads per worker that run a costly model's /predict (the transformer tier) off the event loops."),
        .integer("compute_batch_max", \.computePool.batchMax, 1...1024,
                 "Most texts a compute thread hands the costly model in one call."),
        .integer("compute_batch_wait_ms", \.computePool.batchWaitMilliseconds, 0...1000,
                 "Milliseconds the first waiting text waits for more while another batch runs; 0 starts at once."),
        .integer("compute_queue_deadline_ms", \.computePool.queueDeadlineMilliseconds, 1...60000,
                 "Milliseconds a /predict may wait for a compute thread before it is answered 503 with Retry-After."),
        .url("docs_swagger_js_url", \.swaggerJSURL, "Script of the Swagger UI page at /docs."),
        .url("docs_swagger_css_url", \.swaggerCSSURL, "Stylesheet of the Swagger UI page at /docs."),
        .url("docs_redoc_js_url", \.redocJSURL, "Script of the ReDoc page at /redoc."),
    ]

    /// The loader for tagifai: `TAGIFAI_*` variables and `etc/tagifai.yaml` as the default file.
    static let loader = ConfigLoader(
        applicationSettings: all, environmentPrefix: "TAGIFAI_", defaultFile: "etc/tagifai.yaml",
        serverSettings: ServerSettings.all)
}

/// A config key bound to a field of `APISettings`: the field's value is the key's default, and the
/// effective value is written back to it typed.
struct APISettingBinding: Sendable {
    let setting: Setting
    let apply: @Sendable (ApplicationConfig, inout APISettings) -> Void

    static func integer(
        _ key: String, _ field: WritableKeyPath<APISettings, Int> & Sendable, _ range: ClosedRange<Int>, _ help: String
    ) -> Self {
        Self(setting: Setting(key, .integer(range), default: .integer(APISettings()[keyPath: field]), help),
             apply: { application, settings in settings[keyPath: field] = application.integer(key) })
    }

    static func url(_ key: String, _ field: WritableKeyPath<APISettings, String> & Sendable, _ help: String) -> Self {
        Self(setting: Setting(key, .url, default: .text(APISettings()[keyPath: field]), help),
             apply: { application, settings in settings[keyPath: field] = application.string(key) })
    }
}

extension APISettings {
    /// The API's limits and docs pages from tagifai's application settings.
    init(_ application: ApplicationConfig) {
        self.init()
        for binding in ApplicationSettings.api { binding.apply(application, &self) }
    }
}
