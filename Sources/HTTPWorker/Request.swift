import NIOCore
import NIOHTTP1

/// A complete HTTP request, head and body, as a route handler sees it.
public struct Request: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The request target exactly as the client sent it (path and query).
    public var uri: String
    /// The path part of `uri`, still percent-encoded.
    public var path: Substring
    /// The query part of `uri` without the `?`, or nil when there is none.
    public var query: Substring?
    /// The request headers.
    public var headers: HTTPHeaders
    /// The whole body; empty when the request had none.
    public var body: ByteBuffer
    /// Values of the route template's `{name}` segments, percent-decoded.
    public var pathParameters: [String: String]
    /// The address the client would name this server by: the `Host` header, or the local address.
    public var host: String
    /// `http`, or what a trusted proxy said the client used.
    public var scheme: String

    public init(
        method: HTTPMethod,
        uri: String,
        headers: HTTPHeaders = [:],
        body: ByteBuffer = ByteBuffer(),
        host: String = "localhost",
        scheme: String = "http"
    ) {
        self.method = method
        self.uri = uri
        let queryStart = uri.firstIndex(of: "?")
        self.path = uri[..<(queryStart ?? uri.endIndex)]
        self.query = queryStart.map { uri[uri.index(after: $0)...] }
        self.headers = headers
        self.body = body
        self.pathParameters = [:]
        self.host = host
        self.scheme = scheme
    }

    /// The URL as the client asked for it: `scheme://host/path?query`.
    public var url: String { "\(scheme)://\(host)\(uri)" }
}
