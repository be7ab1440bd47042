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
    /// Whether the server sends `Connection: close` and closes the connection after this response,
    /// even if the client asked to keep it alive (a host that is going away says so this way).
    public var closesConnection: Bool

    public init(
        status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer(),
        closesConnection: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closesConnection = closesConnection
    }
}
