import HTTPWorker
import NIOCore
import NIOHTTP1

/// Responses with a JSON body, labelled as Starlette's `JSONResponse` labels them.
enum JSONResponse {
    /// A response with `status` and the JSON text in `body`.
    static func make(_ status: HTTPResponseStatus, body: ByteBuffer) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// FastAPI's `HTTPException` answer: `{"detail": "<detail>"}`.
    static func detail(_ status: HTTPResponseStatus, _ detail: String) -> Response {
        var body = ByteBuffer()
        body.writeStaticString(#"{"detail":"#)
        body.writeJSONString(detail)
        body.writeInteger(UInt8(ascii: "}"))
        return make(status, body: body)
    }
}
