extension OpenAPIDocument {
    /// The `components.schemas` section: request, envelope, error and validation error schemas.
    var schemas: JSONValue {
        .object([
            "ArgResponse": envelope("ArgResponse", data: .object([
                "type": "object", "description": "One member: the argument's name and its value.",
                "maxProperties": .integer(1),
            ])),
            "ArgsResponse": envelope("ArgsResponse", data: dataObject(["args": .object([
                "type": "object", "title": "Args", "example": model.args,
            ])])),
            "HTTPError": object("HTTPError", properties: ["detail": .object(["type": "string", "title": "Detail"])]),
            "HTTPValidationError": .object([
                "properties": .object([
                    "detail": .object(["items": reference("ValidationError"), "type": "array", "title": "Detail"]),
                ]),
                "type": "object", "title": "HTTPValidationError",
            ]),
            "IndexResponse": envelope("IndexResponse", data: .object(["type": "object", "maxProperties": .integer(0)])),
            "PerformanceResponse": envelope("PerformanceResponse", data: dataObject(["performance": .object([
                "type": "object", "title": "Performance",
                "description": "The whole performance document, or the section named by `filter`.",
                "example": model.performance,
            ])])),
            "PredictPayload": .object([
                "properties": .object([
                    "texts": .object([
                        "items": reference("Text"), "type": "array", "title": "Texts", "minItems": .integer(1),
                        "maxItems": .integer(settings.maxBatchSize),
                    ]),
                ]),
                "type": "object", "required": .array(["texts"]), "title": "PredictPayload",
                "example": .object(["texts": .array(Self.exampleTexts.map { .object(["text": .string($0)]) })]),
            ]),
            "PredictResponse": envelope("PredictResponse", data: dataObject(["predictions": .object([
                "items": reference("Prediction"), "type": "array", "title": "Predictions",
                "example": .array(zip(Self.exampleTexts, examplePredictions).map { text, tag in
                    .object(["input_text": .string(text), "predicted_tag": .string(tag)])
                }),
            ])])),
            "Prediction": object("Prediction", properties: [
                "input_text": .object(["type": "string", "title": "Input Text"]),
                "predicted_tag": .object([
                    "type": "string", "enum": .array(model.classes.map { .string($0) }), "title": "Predicted Tag",
                ]),
            ]),
            "ReadyResponse": envelope("ReadyResponse", data: .object(["type": "object", "maxProperties": .integer(0)])),
            "Text": object("Text", properties: [
                "text": .object([
                    "type": "string", "minLength": .integer(1), "maxLength": .integer(settings.maxTextLength),
                    "title": "Text",
                ]),
            ]),
            "ValidationError": .object([
                "properties": .object([
                    "loc": .object([
                        "items": .object(["anyOf": .array([.object(["type": "string"]), .object(["type": "integer"])])]),
                        "type": "array", "title": "Location",
                    ]),
                    "msg": .object(["type": "string", "title": "Message"]),
                    "type": .object(["type": "string", "title": "Error Type"]),
                    "input": .object([
                        "title": "Input",
                        "description": .string(
                            "The value that failed validation, cut to about \(JSONValue.echoLimit) bytes: a longer"
                                + " string (or number) keeps its first characters and ends with \"...\"; a list or"
                                + " object keeps the items that fit, then a \"...\" item where items were left out."),
                    ]),
                    "ctx": .object(["type": "object", "title": "Context"]),
                ]),
                "type": "object", "required": .array(["loc", "msg", "type"]), "title": "ValidationError",
            ]),
        ])
    }

    /// An object schema whose properties are all required.
    private func object(_ title: String, properties: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object([
            "properties": .object(properties), "type": "object",
            "required": .array(properties.map { .string($0.key) }), "title": .string(title),
        ])
    }

    private func dataObject(_ properties: KeyValuePairs<String, JSONValue>) -> JSONValue {
        object("Data", properties: properties)
    }

    /// The `construct_response` envelope around `data`.
    private func envelope(_ title: String, data: JSONValue) -> JSONValue {
        object(title, properties: [
            "message": .object(["type": "string", "title": "Message", "example": "OK"]),
            "method": .object(["type": "string", "title": "Method", "example": "GET"]),
            "status-code": .object(["type": "integer", "title": "Status-Code", "example": .integer(200)]),
            "timestamp": .object([
                "type": "string", "title": "Timestamp",
                "description": "Local time of the answer, ISO 8601 with microseconds and no zone.",
                "example": "2021-03-21T13:12:01.297630",
            ]),
            "url": .object([
                "type": "string", "title": "Url", "description": "The URL as the client sent it.",
            ]),
            "data": data,
        ])
    }
}
