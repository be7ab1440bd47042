/// The OpenAPI 3.1 document for the lesson's routes, shaped as FastAPI generates it.
///
/// Operation ids, tags and the validation error schemas match FastAPI's, so clients generated
/// from the lesson app's document keep working; response schemas describe the real envelope.
struct OpenAPIDocument {
    var settings: APISettings
    var model: ServedModel
    /// The example `POST /predict` answers with, from the model itself.
    var examplePredictions: [String]

    /// The two texts of the lesson's example payload.
    static let exampleTexts = [
        "Transfer learning with transformers for text classification.",
        "Generative adversarial networks in both PyTorch and TensorFlow.",
    ]

    var json: JSONValue {
        .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": .string(settings.title), "description": .string(settings.summary),
                "version": .string(settings.version),
            ]),
            "paths": .object([
                "/": .object(["get": index]),
                "/ready": .object(["get": ready]),
                "/performance": .object(["get": performance]),
                "/args": .object(["get": args]),
                "/args/{arg}": .object(["get": arg]),
                "/predict": .object(["post": predict]),
            ]),
            "components": .object(["schemas": schemas]),
            "tags": .array(["General", "Performance", "Arguments", "Prediction"].map { .object(["name": .string($0)]) }),
        ])
    }

    private var index: JSONValue {
        operation(
            tag: "General", summary: "Index", description: "Health check.", id: "_index__get",
            responses: ["200": success("IndexResponse")])
    }

    private var ready: JSONValue {
        operation(
            tag: "General", summary: "Ready",
            description: "Readiness check for load balancers: 200 while the server serves, 503 from the moment "
                + "it begins a graceful stop, while its workers still finish their requests. Not in the lesson's "
                + "app; `GET /` stays the health check.",
            id: "_ready_ready_get",
            responses: [
                "200": success("ReadyResponse"),
                "503": response(
                    "The server is stopping: the envelope's message says so. Or, as on every operation, the worker "
                        + "holds too many incomplete request bodies at once (a `detail`; retry after Retry-After).",
                    schema: .object(["anyOf": .array([reference("ReadyResponse"), reference("HTTPError")])])),
            ])
    }

    private var performance: JSONValue {
        let names = sectionNames.joined(separator: ", ")
        return operation(
            tag: "Performance", summary: "Performance",
            description: "Get the performance metrics: the whole document, or the section named by `filter`.\n\n"
                + "Differs from the lesson's app: an unknown `filter` is answered 404 with the valid names "
                + "(\(names)), where the lesson returned the whole document. An empty `filter`, as in the lesson, "
                + "is no filter.",
            id: "_performance_performance_get",
            parameters: [parameter("filter", in: "query", required: false, schema: [
                "anyOf": .array([
                    .object(["type": "string", "enum": .array((sectionNames + [""]).map { .string($0) })]),
                    .object(["type": "null"]),
                ]),
                "title": "Filter",
            ])],
            responses: [
                "200": success("PerformanceResponse"), "404": failure("Unknown filter; the detail lists \(names)."),
                "422": validationFailure,
            ])
    }

    private var args: JSONValue {
        operation(
            tag: "Arguments", summary: "Args", description: "Get all arguments used for the run.", id: "_args_args_get",
            responses: ["200": success("ArgsResponse")])
    }

    private var arg: JSONValue {
        operation(
            tag: "Arguments", summary: "Arg",
            description: "Get a specific parameter's value used for the run.\n\n"
                + "Differs from the lesson's app: an unknown argument is answered 404 naming it, "
                + "where the lesson returned `\"\"`.",
            id: "_arg_args__arg__get",
            parameters: [parameter("arg", in: "path", required: true, schema: ["type": "string", "title": "Arg"])],
            responses: [
                "200": success("ArgResponse"), "404": failure("Unknown argument; the detail names it."),
                "422": validationFailure,
            ])
    }

    private var predict: JSONValue {
        operation(
            tag: "Prediction", summary: "Predict",
            description: "Predict tags for a list of texts.\n\n"
                + "At most \(settings.maxBatchSize) texts of at most \(settings.maxTextLength) characters each.",
            id: "_predict_predict_post",
            requestBody: .object([
                "content": .object([
                    "application/json": .object(["schema": reference("PredictPayload")]),
                ]),
                "required": .bool(true),
            ]),
            responses: ["200": success("PredictResponse"), "422": validationFailure])
    }

    var sectionNames: [String] {
        guard case .object(let members) = model.performance else { return [] }
        return members.map(\.key)
    }

    private func operation(
        tag: String, summary: String, description: String, id: String, parameters: [JSONValue] = [],
        requestBody: JSONValue? = nil, responses: KeyValuePairs<String, JSONValue>
    ) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("tags", .array([.string(tag)])), .init("summary", .string(summary)),
            .init("description", .string(description)), .init("operationId", .string(id)),
        ]
        if !parameters.isEmpty { members.append(.init("parameters", .array(parameters))) }
        if let requestBody { members.append(.init("requestBody", requestBody)) }
        let refusals = Self.serverRefusals.filter { refusal in !responses.contains { $0.key == refusal.key } }
            .map { JSONValue.Member($0.key, failure($0.value)) }
        members.append(.init("responses", .object(responses.map { JSONValue.Member($0.key, $0.value) } + refusals)))
        return .object(members)
    }

    /// What the HTTP layer answers before any route runs, whatever the operation, each with a `detail`.
    private static let serverRefusals: KeyValuePairs<String, String> = [
        "400": "Malformed HTTP request, or both Content-Length and Transfer-Encoding.",
        "408": "The request's head or body came slower than the server's header_timeout, or the body took longer"
            + " than its body_timeout.",
        "413": "The body is larger than the server's max_body_size.",
        "414": "The request line is longer than the server's limit_request_line.",
        "431": "The headers exceed the server's limit_request_fields or limit_request_field_size.",
        "503": "The worker holds too many incomplete request bodies at once; retry after the Retry-After seconds.",
    ]

    private func parameter(
        _ name: String, in location: String, required: Bool, schema: KeyValuePairs<String, JSONValue>
    ) -> JSONValue {
        .object([
            "name": .string(name), "in": .string(location), "required": .bool(required),
            "schema": .object(schema),
        ])
    }

    private func success(_ schema: String) -> JSONValue {
        response("Successful Response", schema: reference(schema))
    }

    private func failure(_ description: String) -> JSONValue {
        response(description, schema: reference("HTTPError"))
    }

    private var validationFailure: JSONValue {
        response("Validation Error", schema: reference("HTTPValidationError"))
    }

    private func response(_ description: String, schema: JSONValue) -> JSONValue {
        .object([
            "description": .string(description),
            "content": .object(["application/json": .object(["schema": schema])]),
        ])
    }

    func reference(_ schema: String) -> JSONValue {
        .object(["$ref": .string("#/components/schemas/\(schema)")])
    }
}
