import NIOCore
import NIOHTTP1

/// A complete HTTP request, head and body, as a route handler sees it.
public struct Request: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The request target as the client sent it (path and query); an absolute-form target
    /// (`http://host/path?query`) is reduced to its path and query.
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
    /// The address the client would name this server by: what a trusted proxy said, else the `Host`
    /// header, else the local address.
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
        var host = host
        var uri = uri
        // An origin-form target (the usual one) starts with a slash, so it cannot be absolute-form: a
        // byte looked at instead of a Character comparison (about 130 instructions, callgrind).
        if uri.utf8.first != UInt8(ascii: "/"), let absolute = Self.splitAbsoluteForm(uri) {
            (host, uri) = absolute
        }
        self.uri = uri
        let queryStart = uri.isASCII ? uri.utf8.firstIndex(of: UInt8(ascii: "?")) : uri.firstIndex(of: "?")
        self.path = uri[..<(queryStart ?? uri.endIndex)]
        self.query = queryStart.map { uri[uri.utf8.index(after: $0)...] }
        self.headers = headers
        self.body = body
        self.pathParameters = [:]
        self.host = host
        self.scheme = scheme
    }

    /// The authority and the origin-form target (path and query) of an absolute-form target, or nil
    /// for any other form.
    ///
    /// A server must accept the absolute form and take the host from it, not from `Host`
    /// (RFC 9112, 3.2.2); clients speaking through a forward proxy send it.
    static func splitAbsoluteForm(_ target: String) -> (authority: String, target: String)? {
        guard !target.hasPrefix("/"), let separator = target.firstRange(of: "://") else { return nil }
        let scheme = target[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = target[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let path = rest[authorityEnd...]
        return (String(rest[..<authorityEnd]), path.hasPrefix("/") ? String(path) : "/" + path)
    }

    /// The URL as the client asked for it: `scheme://host/path?query`.
    public var url: String { "\(scheme)://\(host)\(uri)" }
}
