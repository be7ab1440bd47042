/// The `/docs` (Swagger UI) and `/redoc` pages, as FastAPI's `get_swagger_ui_html` and `get_redoc_html` write them.
enum DocsPages {
    /// The Swagger UI page that loads the OpenAPI document from `openAPIPath`.
    static func swaggerUI(settings: APISettings, openAPIPath: String) -> String {
        """
        <!DOCTYPE html>
        <html>
        <head>
        <link type="text/css" rel="stylesheet" href="\(htmlEscaped(settings.linked(.swaggerCSS)))">
        <link rel="shortcut icon" href="\(htmlEscaped(settings.linked(.favicon)))">
        <title>\(htmlEscaped(settings.title)) - Swagger UI</title>
        </head>
        <body>
        <div id="swagger-ui">
        </div>
        <script src="\(htmlEscaped(settings.linked(.swaggerJS)))"></script>
        <!-- `SwaggerUIBundle` is now available on the page -->
        <script>
        const ui = SwaggerUIBundle({
            url: '\(javaScriptEscaped(openAPIPath))',
        "dom_id": "#swagger-ui",
        "layout": "BaseLayout",
        "deepLinking": true,
        "showExtensions": true,
        "showCommonExtensions": true,
            presets: [
                SwaggerUIBundle.presets.apis,
                SwaggerUIBundle.SwaggerUIStandalonePreset
                ],
            })
        </script>
        </body>
        </html>
        """
    }

    /// The ReDoc page that loads the OpenAPI document from `openAPIPath`.
    static func redoc(settings: APISettings, openAPIPath: String) -> String {
        """
        <!DOCTYPE html>
        <html>
        <head>
        <title>\(htmlEscaped(settings.title)) - ReDoc</title>
        <!-- needed for adaptive design -->
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        \(settings.docsAssets == nil ? googleFonts : sameOriginImages)
        <link rel="shortcut icon" href="\(htmlEscaped(settings.linked(.favicon)))">
        <!--
        ReDoc doesn't change outer page styles
        -->
        <style>
          body {
            margin: 0;
            padding: 0;
          }
        </style>
        </head>
        <body>
        <noscript>
            ReDoc requires Javascript to function. Please enable it to browse the documentation.
        </noscript>
        <redoc spec-url="\(htmlEscaped(openAPIPath))"></redoc>
        <script src="\(htmlEscaped(settings.linked(.redocJS)))"> </script>
        </body>
        </html>
        """
    }

    /// ReDoc's fonts, which FastAPI's page loads from Google; with local assets ReDoc's own fallbacks apply.
    private static let googleFonts =
        #"<link href="https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700" rel="stylesheet">"#

    /// With local assets, images only from this server: ReDoc's script always asks its CDN for its
    /// logo, which this keeps the browser from sending.
    private static let sameOriginImages =
        #"<meta http-equiv="Content-Security-Policy" content="img-src 'self' data: blob:">"#

    /// `text` made safe inside an HTML attribute or element.
    private static func htmlEscaped(_ text: String) -> String {
        replacing(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#x27;"])
    }

    /// `text` made safe inside a single-quoted JavaScript string in a `<script>` element.
    private static func javaScriptEscaped(_ text: String) -> String {
        replacing(text, ["\\": "\\\\", "'": "\\'", "<": "\\u003c", "\n": "\\n"])
    }

    private static func replacing(_ text: String, _ replacements: [Character: String]) -> String {
        var escaped = ""
        for character in text {
            if let replacement = replacements[character] {
                escaped += replacement
            } else {
                escaped.append(character)
            }
        }
        return escaped
    }
}
