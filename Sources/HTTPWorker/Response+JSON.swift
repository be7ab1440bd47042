import NIOCore
import NIOHTTP1

extension Response {
    /// A response whose body is the JSON text in `body`, labelled `application/json`.
    public static func json(_ status: HTTPResponseStatus, body: ByteBuffer, headers: HTTPHeaders = [:]) -> Response {
        var headers = headers
        headers.replaceOrAdd(name: "content-type", value: "application/json")
        return Response(status: status, headers: headers, body: body)
    }

    /// A JSON error answer `{"detail": "<message>"}`, the shape FastAPI's `HTTPException` gives its errors.
    public static func detail(_ status: HTTPResponseStatus, _ message: String, headers: HTTPHeaders = [:]) -> Response {
        var body = ByteBuffer()
        body.writeStaticString(#"{"detail":"#)
        body.writeJSONString(message)
        body.writeInteger(UInt8(ascii: "}"))
        return json(status, body: body, headers: headers)
    }
}
