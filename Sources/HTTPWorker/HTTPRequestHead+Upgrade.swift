import NIOHTTP1

extension HTTPRequestHead {
    /// Whether the request asks to leave HTTP/1.1 on its connection (`CONNECT`, or an `Upgrade` field).
    ///
    /// NIO's decoder parses nothing after such a request and keeps every later byte, and this server
    /// speaks no other protocol, so the answer to it closes the connection.
    var leavesHTTP: Bool {
        method == .CONNECT || headers.contains(name: "upgrade")
    }
}
