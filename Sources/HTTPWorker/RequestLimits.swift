import NIOCore
import NIOHTTP1

/// The request limits and timeouts of `HTTPSettings`, in the forms the connection handlers use.
struct RequestLimits: Sendable {
    var requestLine: Int
    var fieldCount: Int
    var fieldSize: Int
    var bodySize: Int
    var keepalive: TimeAmount
    var headerTimeout: TimeAmount
    var bodyTimeout: TimeAmount
    var sendTimeout: TimeAmount
    var keepAliveEnabled: Bool

    init(_ config: HTTPSettings) {
        requestLine = config.limitRequestLine
        fieldCount = config.limitRequestFields
        fieldSize = config.limitRequestFieldSize
        bodySize = config.maxBodySize
        keepalive = .seconds(Int64(max(config.keepalive, 0)))
        headerTimeout = .seconds(Int64(max(config.headerTimeout, 1)))
        bodyTimeout = .seconds(Int64(max(config.bodyTimeout, 1)))
        sendTimeout = .seconds(Int64(max(config.sendTimeout, 1)))
        keepAliveEnabled = config.keepalive > 0
    }

}
