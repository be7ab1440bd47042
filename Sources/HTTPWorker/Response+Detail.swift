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
}
