import NIOCore
import NIOHTTP1

/// A complete HTTP response; the server adds `Date`, `Content-Length` and `Connection`.
public struct Response: Sendable {
    /// The status line's code and reason.
    public var status: HTTPResponseStatus
    /// Headers the handler sets, such as `Content-Type` or `Allow`.
    public var headers: HTTPHeaders
    /// The whole body; for `HEAD` the server sends the headers only.
    public var body: ByteBuffer

    public init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
