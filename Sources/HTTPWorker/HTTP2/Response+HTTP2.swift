import NIOHTTP1

extension Response {
    /// Header fields that HTTP/2 forbids (RFC 9113, 8.2.2) or that the server sets itself; a
    /// handler's values for them are not sent on an HTTP/2 stream.
    private static let leftOutOfHTTP2: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "date", "content-length",
    ]

    /// The response head for an HTTP/2 stream: the handler's headers but the connection-specific
    /// ones, then the server's `date` and `content-length`.
    func http2Head(date: String) -> HTTPResponseHead {
        var fields = HTTPHeaders()
        fields.reserveCapacity(headers.count + 2)
        for (name, value) in headers where !Self.leftOutOfHTTP2.contains(name.lowercased()) {
            fields.add(name: name.lowercased(), value: value)
        }
        fields.add(name: "date", value: date)
        fields.add(name: "content-length", value: String(body.readableBytes))
        return HTTPResponseHead(version: .http2, status: status, headers: fields)
    }
}
