import NIOHTTP1

extension HTTPRequestHead {
    /// Whether the request asks to leave HTTP/1.1 on its connection (`CONNECT`, or an `Upgrade` field).
    ///
    /// `HTTPRequestParser` parses nothing after such a request, and this server speaks no other
    /// protocol, so the answer to it closes the connection.
    var leavesHTTP: Bool {
        method == .CONNECT || headers.contains(name: "upgrade")
    }
}
