import NIOCore
import NIOHTTP1

extension Response {
    /// A JSON error answer `{"detail": "<message>"}`, the shape FastAPI gives its errors.
    public static func detail(_ status: HTTPResponseStatus, _ message: String, headers: HTTPHeaders = [:]) -> Response {
        var headers = headers
        headers.replaceOrAdd(name: "content-type", value: "application/json")
        var body = ByteBuffer()
        body.writeString(#"{"detail":""#)
        body.writeString(JSONString.escaped(message))
        body.writeString(#""}"#)
        return Response(status: status, headers: headers, body: body)
    }

    /// The whole response as HTTP/1.1 bytes with `Connection: close`, for answers written below the HTTP codec.
    func serializedForClosing(date: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n")
        for (name, value) in headers {
            buffer.writeString("\(name): \(value)\r\n")
        }
        buffer.writeString("date: \(date)\r\ncontent-length: \(body.readableBytes)\r\nconnection: close\r\n\r\n")
        buffer.writeImmutableBuffer(body)
        return buffer
    }
}
