import NIOCore
import NIOHTTP1

/// The facts about one answered request that access log atoms are rendered from.
struct AccessLogEntry {
    var remoteAddress: SocketAddress?
    /// The client address a trusted proxy named; `%(h)s` shows it instead of `remoteAddress`.
    var forwardedClient: String?
    /// The `%(t)s` text of the second the request finished.
    var time: String
    /// Nil for a request refused before its head could be read: its atoms are logged as `-`.
    var request: HTTPRequestHead?
    var response: Response
    var duration: TimeAmount
}
