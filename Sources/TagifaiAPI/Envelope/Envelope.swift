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
        answer(.ok, message: "OK", for: request, dataSize: dataSize, writeData: writeData)
    }

    /// An envelope with `status` and `message` for `request`, whose `data` member is written by `writeData`.
    static func answer(
        _ status: HTTPResponseStatus, message: String, for request: Request, dataSize: Int = 64,
        writeData: (inout ByteBuffer) -> Void
    ) -> Response {
        var body = ByteBuffer()
        body.reserveCapacity(192 + message.utf8.count + request.uri.utf8.count + request.host.utf8.count + dataSize)
        body.writeStaticString(#"{"message":"#)
        body.writeJSONString(message)
        body.writeStaticString(#","method":"#)
        body.writeJSONString(request.method.rawValue)
        body.writeStaticString(#","status-code":"#)
        body.writeDecimal(Int(status.code))
        body.writeStaticString(#","timestamp":""#)
        LocalTimestamp.write(into: &body)
        body.writeStaticString(#"","url":""#)
        body.writeJSONEscaped(request.scheme)
        body.writeStaticString("://")
        body.writeJSONEscaped(request.host)
        body.writeJSONEscaped(request.uri)
        body.writeStaticString(#"","data":"#)
        writeData(&body)
        body.writeInteger(UInt8(ascii: "}"))
        return Response.json(status, body: body)
    }

    /// A 200 envelope whose `data` is `{"<key>": <encoded>}`, with `encoded` prepared at start-up.
    static func ok(for request: Request, key: String, encoded: ByteBuffer) -> Response {
        ok(for: request, dataSize: key.utf8.count + encoded.readableBytes + 8) { body in
            body.writeInteger(UInt8(ascii: "{"))
            body.writeJSONString(key)
            body.writeInteger(UInt8(ascii: ":"))
            body.writeImmutableBuffer(encoded)
            body.writeInteger(UInt8(ascii: "}"))
        }
    }
}
