import Foundation
import FuzzerEntry
import HTTPWorker
import NIOCore
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
/// whose parsed requests go through the router; every answer must be a valid status with a JSON
/// body where the API promises one, and the bytes must parse alike whole and split in two reads.
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

/// The complete requests the server's parser reads from `bytes`; traps unless the same bytes split
/// in two reads (at a point the input picks) give the same requests, and a refusal or none alike
/// (its reason may differ: a bad byte in a line not yet ended is refused for what is seen so far).
func decodedRequests(_ bytes: ByteBuffer) -> [Request] {
    let whole = parse([bytes])
    let split = bytes.readableBytes == 0 ? 0 : Int(bytes.getInteger(at: bytes.readerIndex, as: UInt8.self)!) % bytes.readableBytes
    let halves = parse([bytes.getSlice(at: bytes.readerIndex, length: split)!, bytes.getSlice(at: bytes.readerIndex + split, length: bytes.readableBytes - split)!])
    guard whole.requests.map(describe) == halves.requests.map(describe), (whole.error == nil) == (halves.error == nil) else {
        fatalError("split at \(split): \(whole) against \(halves)")
    }
    return whole.requests
}

/// The complete requests parsed from `reads` in order, and the error that stopped the parsing.
func parse(_ reads: [ByteBuffer]) -> (requests: [Request], error: HTTPRequestParseError?) {
    var parser = HTTPRequestParser(settings: HTTPSettings())
    var requests: [Request] = []
    var pending: (head: HTTPRequestHead, body: ByteBuffer)?
    do {
        for var read in reads {
            while let part = try parser.next(from: &read) {
                switch part {
                case .head(let head, _):
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
            guard read.readableBytes == 0 else { fatalError("a read was not taken whole") }
        }
    } catch {
        return (requests, error)
    }
    return (requests, nil)
}

func describe(_ request: Request) -> String {
    "\(request.method) \(request.uri) \(request.headers) \(Array(request.body.readableBytesView))"
}
