import Prefork

import HTTPWorker
import Settings

/// The keys tagifai adds to the server's: `/metrics`, the model it serves and the API's limits and
/// docs assets.
enum ApplicationSettings {
    static let all: [Setting] = ServerMetrics.settings + [
        Setting("model", .path, default: .text("models/tagifai"),
                "Folder of the trained model artifacts the workers load."),
        Setting("max_batch_size", .integer(1...10000), default: .integer(100),
                "Most texts one /predict request may carry; more are answered 422."),
        Setting("max_text_length", .integer(1...1_000_000), default: .integer(10000),
                "Longest title + description in characters; longer ones are answered 422."),
        Setting("docs_swagger_js_url", .url,
                default: .text("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1/swagger-ui-bundle.js"),
                "Script of the Swagger UI page at /docs."),
        Setting("docs_swagger_css_url", .url,
                default: .text("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1/swagger-ui.css"),
                "Stylesheet of the Swagger UI page at /docs."),
        Setting("docs_redoc_js_url", .url,
                default: .text("https://cdn.jsdelivr.net/npm/redoc@2.5.4/bundles/redoc.standalone.js"),
                "Script of the ReDoc page at /redoc."),
        Setting("docs_assets", .path, default: .unset, optional: true,
                "Folder of Swagger UI and ReDoc files served under /docs/assets/ for the docs pages, which then link nothing outside this server (scripts/install-docs-assets fills it); null loads the URLs above."),
    ]

    /// The loader for tagifai: `TAGIFAI_*` variables and `etc/tagifai.yaml` as the default file.
    static let loader = ConfigLoader(
        applicationSettings: all, environmentPrefix: "TAGIFAI_", defaultFile: "etc/tagifai.yaml",
        serverSettings: ServerSettings.all)
}
