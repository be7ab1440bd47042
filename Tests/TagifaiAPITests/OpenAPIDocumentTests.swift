import Foundation
import HTTPWorker
import NIOCore
import Testing
import TestSupport
@testable import TagifaiAPI

@Suite(.timeLimit(.minutes(3))) struct OpenAPIDocumentTests {
    private let api = APIFixture()

    private func document() throws -> JSONValue {
        try APIFixture.json(api.call(.GET, "/openapi.json"))
    }

    @Test func describesEveryRouteWithItsTagAndFastAPIsOperationId() throws {
        let paths = try document()["paths"]
        let expected: [(String, String, String, String)] = [
            ("/", "get", "General", "_index__get"),
            ("/ready", "get", "General", "_ready_ready_get"),
            ("/performance", "get", "Performance", "_performance_performance_get"),
            ("/args", "get", "Arguments", "_args_args_get"),
            ("/args/{arg}", "get", "Arguments", "_arg_args__arg__get"),
            ("/predict", "post", "Prediction", "_predict_predict_post"),
        ]
        for (path, method, tag, operationId) in expected {
            let operation = paths?[path]?[method]
            #expect(operation?["tags"] == .array([.string(tag)]), "\(path)")
            #expect(operation?["operationId"] == .string(operationId), "\(path)")
            #expect(operation?["responses"]?["200"] != nil, "\(path)")
        }
        #expect(try document()["openapi"] == "3.1.0")
    }

    @Test func predictCarriesTheLessonsExamplePayloadAndTheValidationErrorSchema() throws {
        let document = try document()
        let predict = document["paths"]?["/predict"]?["post"]
        #expect(predict?["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]
            == "#/components/schemas/PredictPayload")
        #expect(predict?["responses"]?["422"]?["content"]?["application/json"]?["schema"]?["$ref"]
            == "#/components/schemas/HTTPValidationError")
        let schemas = document["components"]?["schemas"]
        #expect(schemas?["PredictPayload"]?["example"] == .object(["texts": .array([
            .object(["text": "Transfer learning with transformers for text classification."]),
            .object(["text": "Generative adversarial networks in both PyTorch and TensorFlow."]),
        ])]))
        #expect(schemas?["ValidationError"]?["required"] == .array(["loc", "msg", "type"]))
        #expect(schemas?["HTTPValidationError"]?["properties"]?["detail"]?["items"]?["$ref"]
            == "#/components/schemas/ValidationError")
    }

    @Test func documentsWhereThisAPIDiffersFromTheLesson() throws {
        let paths = try document()["paths"]
        guard case .string(let performance)? = paths?["/performance"]?["get"]?["description"],
            case .string(let arg)? = paths?["/args/{arg}"]?["get"]?["description"]
        else {
            Issue.record("descriptions missing")
            return
        }
        #expect(performance.contains("404") && performance.contains("lesson"))
        #expect(arg.contains("404") && arg.contains("lesson"))
    }

    @Test func docsPagesLoadTheDocumentWithTheConfiguredScripts() {
        var settings = APISettings()
        settings.swaggerJSURL = "/static/swagger-ui-bundle.js"
        settings.redocJSURL = "/static/redoc.js?a=1&b=2"
        let api = APIFixture(settings: settings)
        let swagger = api.call(.GET, "/docs")
        #expect(swagger.headers["Content-Type"] == ["text/html; charset=utf-8"])
        let swaggerPage = String(buffer: swagger.body)
        #expect(swaggerPage.contains(#"<script src="/static/swagger-ui-bundle.js"></script>"#))
        #expect(swaggerPage.contains("url: '/openapi.json'"))
        #expect(swaggerPage.contains("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1/swagger-ui.css"))
        let redocPage = String(buffer: api.call(.GET, "/redoc").body)
        #expect(redocPage.contains(#"<redoc spec-url="/openapi.json"></redoc>"#))
        #expect(redocPage.contains(#"<script src="/static/redoc.js?a=1&amp;b=2"> </script>"#))
        #expect(redocPage.contains("<title>TagIfAI - Made With ML - ReDoc</title>"))
    }

    @Test func documentPassesOpenAPISpecValidator() throws {
        try #require(OpenAPISpecValidator.isInstalled, "openapi-spec-validator is not installed: scripts/install-test-checkers installs it")
        let scratch = try ScratchFolder("openapi")
        let file = scratch.url.appendingPathComponent("openapi.json")
        try Data(api.call(.GET, "/openapi.json").body.readableBytesView).write(to: file)
        let result = try OpenAPISpecValidator.run(file)
        #expect(result.status == 0, "\(result.output)")
    }
}

/// Runs the `openapi-spec-validator` Python package on a file.
enum OpenAPISpecValidator {
    static var isInstalled: Bool {
        (try? runTool("/usr/bin/env", ["python3", "-c", "import openapi_spec_validator"]).status) == 0
    }

    static func run(_ file: URL) throws -> (status: Int32, output: String) {
        let result = try runTool("/usr/bin/env", ["python3", "-m", "openapi_spec_validator", file.path])
        return (result.status, result.output + result.stderr)
    }
}
