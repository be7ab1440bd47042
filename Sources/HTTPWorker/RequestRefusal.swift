import NIOHTTP1

/// The error answers for requests the server will not serve, each naming the limit or rule broken.
enum RequestRefusal {
    static let bothLengths = "A request must not have both Content-Length and Transfer-Encoding; send one."

    /// The answer for a head `HTTPRequestParser` read that must not be served, or nil when it may go on:
    /// an unsupported version, a broken rule (`RequestRules`), a declared body over the limit. The
    /// parser already refused a long line or field and a body with two lengths.
    static func refusal(ofParsed head: HTTPRequestHead, declaredLength: Int?, limits: RequestLimits) -> Response? {
        if head.version.major != 1 || head.version.minor > 1 {
            return .detail(.httpVersionNotSupported, "HTTP/\(head.version.major).\(head.version.minor) is not supported; use HTTP/1.1.")
        }
        if let broken = RequestRules.brokenRule(of: head) {
            return .detail(.badRequest, broken)
        }
        if let declaredLength, declaredLength > limits.bodySize {
            return bodyTooLarge(limits)
        }
        return nil
    }

    /// The answer for a head whose version its connection settled (an HTTP/2 stream's), or nil when
    /// it may go on: the checks of `refusal(ofParsed:declaredLength:limits:)` but the version's, and
    /// those of the HTTP/1.1 parser.
    static func refusal(ofFields head: HTTPRequestHead, limits: RequestLimits) -> Response? {
        if head.uri.utf8.count > limits.requestLine {
            return .detail(.uriTooLong, requestLineTooLong(limits))
        }
        if head.headers.contains(where: { $0.name.utf8.count + $0.value.utf8.count > limits.fieldSize }) {
            return .detail(.requestHeaderFieldsTooLarge, fieldTooLarge(limits))
        }
        if let broken = RequestRules.brokenRule(of: head) {
            return .detail(.badRequest, broken)
        }
        if head.headers.contains(name: "transfer-encoding") && head.headers.contains(name: "content-length") {
            return .detail(.badRequest, bothLengths)
        }
        if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limits.bodySize {
            return bodyTooLarge(limits)
        }
        return nil
    }

    static func bodyTooLarge(_ limits: RequestLimits) -> Response {
        .detail(.payloadTooLarge, "Request body is larger than the limit of \(limits.bodySize) bytes.")
    }

    /// The answer for a body that would take the worker's incomplete bodies over `budget`.
    static func bodiesOverBudget(_ budget: BodyBudget) -> Response {
        .detail(
            .serviceUnavailable,
            "The server is receiving too many request bodies at once (\(budget.limit) bytes held); retry shortly.",
            headers: ["retry-after": "1"])
    }

    static func requestLineTooLong(_ limits: RequestLimits) -> String {
        "Request line is longer than the limit of \(limits.requestLine) bytes."
    }

    static func fieldTooLarge(_ limits: RequestLimits) -> String {
        "A request header field is longer than the limit of \(limits.fieldSize) bytes."
    }
}
