/// The validated body of `POST /predict`: the texts to classify, in the client's order.
///
/// Validation follows the lesson's pydantic schema (`PredictPayload.texts: List[Text]`,
/// `Text.text: str` of at least one character, a non-empty list) and reports every error
/// at once, as pydantic does, plus this server's own batch and text length limits.
struct PredictPayload: Sendable, Equatable {
    var texts: [String]

    /// The limits a payload must respect.
    struct Limits: Sendable {
        var maxBatchSize: Int
        var maxTextLength: Int
    }

    /// The lesson's message for an empty `texts` list.
    static let emptyListMessage = "List of texts to classify cannot be empty."

    /// Validates a parsed body, collecting every issue as pydantic does.
    static func validate(_ body: JSONValue, limits: Limits) -> Result<PredictPayload, ValidationErrors> {
        if body == .null {
            return .failure(ValidationErrors([.missing(at: ["body"], input: .null)]))
        }
        guard case .object = body else {
            return .failure(ValidationErrors([.notAnObject(at: ["body"], input: body)]))
        }
        guard let texts = body["texts"] else {
            return .failure(ValidationErrors([.missing(at: ["body", "texts"], input: body)]))
        }
        guard case .array(let elements) = texts else {
            let issue = ValidationIssue(
                type: "list_type", loc: ["body", "texts"], msg: "Input should be a valid list", input: texts)
            return .failure(ValidationErrors([issue]))
        }
        if elements.count > limits.maxBatchSize {
            let issue = ValidationIssue(
                type: "too_long", loc: ["body", "texts"],
                msg: "List should have at most \(limits.maxBatchSize) items after validation, not \(elements.count)"
                    + " (the server's max_batch_size); send the texts in smaller batches",
                input: texts,
                ctx: .object([
                    "field_type": .string("List"), "max_length": .integer(limits.maxBatchSize),
                    "actual_length": .integer(elements.count),
                ]))
            return .failure(ValidationErrors([issue]))
        }
        var valid: [String] = []
        valid.reserveCapacity(elements.count)
        var issues: [ValidationIssue] = []
        for (index, element) in elements.enumerated() {
            if let issue = validateText(element, at: index, limits: limits, into: &valid) { issues.append(issue) }
        }
        if elements.isEmpty {
            issues.append(ValidationIssue(
                type: "value_error", loc: ["body", "texts"], msg: Self.emptyListMessage, input: texts,
                ctx: .object(["error": .string(Self.emptyListMessage)])))
        }
        guard issues.isEmpty else { return .failure(ValidationErrors(issues)) }
        return .success(PredictPayload(texts: valid))
    }

    /// Appends the text of `element` to `valid`, or returns why it is not a valid `Text`.
    private static func validateText(
        _ element: JSONValue, at index: Int, limits: Limits, into valid: inout [String]
    ) -> ValidationIssue? {
        let place: [JSONValue] = ["body", "texts", .integer(index)]
        guard case .object = element else { return .notAnObject(at: place, input: element) }
        guard let value = element["text"] else { return .missing(at: place + ["text"], input: element) }
        guard case .string(let text) = value else {
            return ValidationIssue(
                type: "string_type", loc: place + ["text"], msg: "Input should be a valid string", input: value)
        }
        if text.isEmpty {
            return ValidationIssue(
                type: "string_too_short", loc: place + ["text"], msg: "String should have at least 1 character",
                input: value, ctx: .object(["min_length": .integer(1)]))
        }
        if text.utf8.count > limits.maxTextLength && text.unicodeScalars.count > limits.maxTextLength {
            return ValidationIssue(
                type: "string_too_long", loc: place + ["text"],
                msg: "String should have at most \(limits.maxTextLength) characters"
                    + " (the server's max_text_length), not \(text.unicodeScalars.count)",
                input: value, ctx: .object(["max_length": .integer(limits.maxTextLength)]))
        }
        valid.append(text)
        return nil
    }
}
