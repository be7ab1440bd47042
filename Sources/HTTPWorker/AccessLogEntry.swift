import NIOCore
import NIOHTTP1

/// The facts about one answered request that access log atoms are rendered from.
struct AccessLogEntry {
    var remoteAddress: SocketAddress?
    /// The `%(t)s` text of the second the request finished.
    var time: String
    var request: HTTPRequestHead
    var response: Response
    var duration: TimeAmount
}
