import NIOCore
import NIOHTTP1

extension Response {
    /// The headers of a JSON answer that sets no others, made once: adding the field per response
    /// (`replaceOrAdd`, which checks the name and value) was about 750 instructions of a `GET /`.
    private static let jsonHeaders: HTTPHeaders = ["content-type": "application/json"]

    /// A response whose body is the JSON text in `body`, labelled `application/json`.
    public static func json(_ status: HTTPResponseStatus, body: ByteBuffer, headers: HTTPHeaders = [:]) -> Response {
        if headers.isEmpty { return Response(status: status, headers: jsonHeaders, body: body) }
        var headers = headers
        headers.replaceOrAdd(name: "content-type", value: "application/json")
        return Response(status: status, headers: headers, body: body)
    }

    /// A JSON error answer `{"detail": "<message>"}`, the shape FastAPI's `HTTPException` gives its errors.
    public static func detail(_ status: HTTPResponseStatus, _ message: String, headers: HTTPHeaders = [:]) -> Response {
        var body = ByteBuffer()
        body.writeLiteral(#"{"detail":"#)
        body.writeJSONString(message)
        body.writeInteger(UInt8(ascii: "}"))
        return json(status, body: body, headers: headers)
    }
}
