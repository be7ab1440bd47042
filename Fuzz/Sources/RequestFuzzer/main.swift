import Foundation
import FuzzerEntry
import HTTPWorker
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Tagifai
import TagifaiAPI

/// The routes of the API over the committed model, built once per fuzzing process.
let router: Router = {
    let folder = ProcessInfo.processInfo.environment["TAGIFAI_FUZZ_MODEL"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models/tagifai").path
    do {
        let model = try TagifaiModel.load(from: URL(fileURLWithPath: folder))
        var router = Router()
        try TagifaiAPI(model: model, settings: APISettings()).register(in: &router)
        return router
    } catch {
        fatalError("cannot load the model at \(folder): \(error) (set TAGIFAI_FUZZ_MODEL to a model folder)")
    }
}()

/// One fuzz input: read as a JSON document, as a `POST /predict` body, and as HTTP/1.1 bytes
/// whose decoded requests go through the router; every answer must be a valid status with a JSON
/// body where the API promises one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = ByteBuffer(bytes: UnsafeRawBufferPointer(start: start, count: count))
    _ = try? JSONReader(maxDepth: JSONReader.depthCeiling).read(bytes)

    var predict = Request(method: .POST, uri: "/predict", headers: ["content-type": "application/json"], body: bytes)
    predict.host = "127.0.0.1"
    check(answer(predict), to: predict)

    for request in decodedRequests(bytes) {
        check(answer(request), to: request)
    }
    return 0
}

/// The router's answer, as the server would produce it.
func answer(_ request: Request) -> Response {
    var request = request
    switch router.match(request.method, path: request.path) {
    case .found(let route, let parameters):
        request.pathParameters = parameters
        return route.handler(request)
    case .methodNotAllowed, .notFound:
        return Response(status: .notFound)
    }
}

/// Traps unless `response` is a 2xx or 4xx answer whose JSON body parses.
func check(_ response: Response, to request: Request) {
    let status = response.status.code
    guard (200..<300).contains(status) || (400..<500).contains(status) else {
        fatalError("\(request.method) \(request.uri) answered \(status)")
    }
    let type = response.headers.first(name: "content-type") ?? ""
    if type.hasPrefix("application/json") {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView), options: [.fragmentsAllowed])
        } catch {
            fatalError("\(request.method) \(request.uri) answered invalid JSON: \(String(buffer: response.body))")
        }
    }
}

/// The complete requests NIO's HTTP/1.1 decoder reads from `bytes`, as the server decodes them.
func decodedRequests(_ bytes: ByteBuffer) -> [Request] {
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
    defer { _ = try? channel.finish() }
    _ = try? channel.writeInbound(bytes)
    var requests: [Request] = []
    var pending: (head: HTTPRequestHead, body: ByteBuffer)?
    while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
        switch part {
        case .head(let head):
            pending = (head, ByteBuffer())
        case .body(var chunk):
            pending?.body.writeBuffer(&chunk)
        case .end:
            if let (head, body) = pending {
                requests.append(Request(method: head.method, uri: head.uri, headers: head.headers, body: body))
            }
            pending = nil
        }
    }
    return requests
}
