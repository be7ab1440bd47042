import HTTPWorker
import NIOCore
import NIOHTTP1

/// The lesson's `construct_response` envelope, written straight into a response body.
///
/// Key order is the lesson's: `message`, `method`, `status-code`, `timestamp`, `url`, `data`.
enum Envelope {
    /// A 200 envelope for `request` whose `data` member is written by `writeData`.
    ///
    /// `dataSize` is a guess at the size of `data`, so the body is allocated once.
    static func ok(for request: Request, dataSize: Int = 64, writeData: (inout ByteBuffer) -> Void) -> Response {
        var body = ByteBuffer(capacity: 192 + request.uri.utf8.count + request.host.utf8.count + dataSize)
        body.writeLiteral(#"{"message":"OK","method":"#)
        writeFields(.ok, for: request, into: &body, writeData: writeData)
        return Response.json(.ok, body: body)
    }

    /// A 200 envelope whose `data` is `prepared`, the bytes of a document that does not change
    /// between requests (`PreparedData`).
    static func ok(for request: Request, data prepared: PreparedData) -> Response {
        ok(for: request, dataSize: prepared.bytes.readableBytes) { $0.writeImmutableBuffer(prepared.bytes) }
    }

    /// An envelope with `status` and `message` for `request`, whose `data` member is written by `writeData`.
    static func answer(
        _ status: HTTPResponseStatus, message: String, for request: Request, dataSize: Int = 64,
        writeData: (inout ByteBuffer) -> Void
    ) -> Response {
        var body = ByteBuffer(capacity: 192 + message.utf8.count + request.uri.utf8.count + request.host.utf8.count + dataSize)
        body.writeLiteral(#"{"message":"#)
        body.writeJSONString(message)
        body.writeLiteral(#","method":"#)
        writeFields(status, for: request, into: &body, writeData: writeData)
        return Response.json(status, body: body)
    }

    /// The members after `message`: `method`, `status-code`, `timestamp`, `url` and `data`, and the
    /// closing brace. The usual methods, the 200 status code and the http and https schemes are
    /// written as constants.
    private static func writeFields(
        _ status: HTTPResponseStatus, for request: Request, into body: inout ByteBuffer,
        writeData: (inout ByteBuffer) -> Void
    ) {
        switch request.method {
        case .GET: body.writeLiteral(#""GET""#)
        case .POST: body.writeLiteral(#""POST""#)
        case .HEAD: body.writeLiteral(#""HEAD""#)
        default: body.writeJSONString(request.method.rawValue)
        }
        if case .ok = status {
            body.writeLiteral(#","status-code":200,"timestamp":""#)
        } else {
            body.writeLiteral(#","status-code":"#)
            body.writeDecimal(Int(status.code))
            body.writeLiteral(#","timestamp":""#)
        }
        LocalTimestamp.write(into: &body)
        switch request.scheme {
        case "http": body.writeLiteral(#"","url":"http://"#)
        case "https": body.writeLiteral(#"","url":"https://"#)
        default:
            body.writeLiteral(#"","url":""#)
            body.writeJSONEscaped(request.scheme)
            body.writeLiteral("://")
        }
        body.writeJSONEscaped(request.host)
        body.writeJSONEscaped(request.uri)
        body.writeLiteral(#"","data":"#)
        writeData(&body)
        body.writeInteger(UInt8(ascii: "}"))
    }
}

/// The `data` member of an answer that is the same for every request, `{"<key>": <value>}`, encoded
/// once when the API is made: the performance document and each of its sections, the training
/// arguments and each one of them.
struct PreparedData: Sendable {
    /// The JSON text of `data`.
    let bytes: ByteBuffer

    init(key: String, value: JSONValue) {
        var bytes = ByteBuffer()
        bytes.writeInteger(UInt8(ascii: "{"))
        bytes.writeJSONString(key)
        bytes.writeInteger(UInt8(ascii: ":"))
        bytes.writeJSON(value)
        bytes.writeInteger(UInt8(ascii: "}"))
        self.bytes = bytes
    }
}
