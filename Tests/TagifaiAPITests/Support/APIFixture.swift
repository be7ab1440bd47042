import HTTPWorker
import NIOCore
import NIOHTTP1
import Testing
@testable import TagifaiAPI

/// A router holding the API over a stand-in model, and ways to call it in-process.
struct APIFixture {
    var router = Router()

    static let performance: JSONValue = .object([
        "overall": .object(["precision": .number("0.9"), "recall": .number("0.8"), "f1": .number("0.85")]),
        "class": .object(["mlops": .object(["f1": .number("0.5")])]),
        "slices": .object(["short_text": .object(["f1": .number("0.7")])]),
    ])

    static let args: JSONValue = .object([
        "lower": .bool(true), "analyzer": .string("char"), "learning_rate": .number("0.1"), "subset": .null,
    ])

    init(settings: APISettings = APISettings(), isStopping: @escaping @Sendable () -> Bool = { false }) {
        let model = ServedModel(
            performance: Self.performance, args: Self.args,
            classes: ["computer-vision", "mlops", "natural-language-processing", "other"],
            predict: { texts in
                texts.map { $0.lowercased().contains("network") ? "computer-vision" : "natural-language-processing" }
            })
        var api = TagifaiAPI(model: model, settings: settings)
        api.isStopping = isStopping
        api.register(in: &router)
    }

    /// Answers a request the way the worker would: route, capture path parameters, call the handler.
    func call(
        _ method: HTTPMethod, _ uri: String, body: String? = nil, contentType: String? = "application/json"
    ) -> Response {
        var headers = HTTPHeaders()
        if body != nil, let contentType { headers.add(name: "Content-Type", value: contentType) }
        return call(Request(
            method: method, uri: uri, headers: headers, body: ByteBuffer(string: body ?? ""),
            host: "localhost:8000"))
    }

    func call(_ request: Request) -> Response {
        var request = request
        guard case .found(let route, let parameters) = router.match(request.method, path: request.path) else {
            Issue.record("no route for \(request.method) \(request.path)")
            return Response(status: .notFound)
        }
        request.pathParameters = parameters
        return route.handler(request)
    }

    /// The response body parsed as JSON.
    static func json(_ response: Response) throws -> JSONValue {
        try JSONReader().read(response.body)
    }
}
