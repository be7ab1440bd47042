import HTTPWorker
import NIOCore

/// One entry of a 422 answer's `detail` list, shaped as FastAPI reports a pydantic v2 error.
struct ValidationIssue: Sendable, Equatable {
    /// The pydantic error type, e.g. `missing`, `string_type` or `json_invalid`.
    var type: String
    /// Where the error is: `["body", "texts", 0, "text"]`.
    var loc: [JSONValue]
    /// What is wrong, in words.
    var msg: String
    /// The value that failed validation.
    var input: JSONValue
    /// Details such as the limit that was exceeded; nil when pydantic gives none.
    var ctx: JSONValue?

    init(type: String, loc: [JSONValue], msg: String, input: JSONValue, ctx: JSONValue? = nil) {
        self.type = type
        self.loc = loc
        self.msg = msg
        self.input = input
        self.ctx = ctx
    }

    /// The issue as FastAPI serialises it: `type`, `loc`, `msg`, `input`, then `ctx` when present.
    ///
    /// `input` is cut to about `JSONValue.echoLimit` bytes, so the answer stays small whatever the body.
    var json: JSONValue {
        var members = [
            JSONValue.Member("type", .string(type)),
            JSONValue.Member("loc", .array(loc)),
            JSONValue.Member("msg", .string(msg)),
            JSONValue.Member("input", input.truncatedForEcho()),
        ]
        if let ctx { members.append(JSONValue.Member("ctx", ctx)) }
        return .object(members)
    }

    /// The 422 Unprocessable Entity answer listing `issues`: `{"detail": [...]}`.
    static func response(_ issues: [ValidationIssue]) -> Response {
        var body = ByteBuffer()
        body.writeJSON(.object([JSONValue.Member("detail", .array(issues.map(\.json)))]))
        return Response.json(.unprocessableEntity, body: body)
    }
}

extension ValidationIssue {
    /// pydantic's `missing`: a required field is absent from `input`.
    static func missing(at loc: [JSONValue], input: JSONValue) -> ValidationIssue {
        ValidationIssue(type: "missing", loc: loc, msg: "Field required", input: input)
    }

    /// pydantic's `model_attributes_type`: an object was expected.
    static func notAnObject(at loc: [JSONValue], input: JSONValue) -> ValidationIssue {
        ValidationIssue(
            type: "model_attributes_type", loc: loc,
            msg: "Input should be a valid dictionary or object to extract fields from", input: input)
    }
}
