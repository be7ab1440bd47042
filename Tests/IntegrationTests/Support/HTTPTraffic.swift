import Foundation
import TestSupport

/// What a loop of `GET /` and `POST /predict` saw: a request on a reused keep-alive connection that
/// the server had already closed (no byte of a reply) is sent again on a new connection, as HTTP
/// clients do (RFC 9112, section 9.3.1), and counted apart; any other error or a status other than
/// 200 is a failure.
struct HTTPTraffic: Sendable {
    var answered = 0
    var retriedAfterKeepAliveClose = 0
    var failures: [String] = []

    static let predictBody = #"{"texts": [{"text": "Transfer learning with transformers for text classification."}]}"#
}

typealias HTTPTrafficLoop = TrafficLoop<HTTPTraffic>

extension TrafficLoop where Tally == HTTPTraffic {
    /// Sends `GET /` and `POST /predict` to 127.0.0.1:`port`, alternating a keep-alive connection
    /// and new connections.
    convenience init(port: Int) {
        nonisolated(unsafe) var keepAlive: RawHTTPClient?
        self.init(tally: HTTPTraffic()) { round, record in
            let target = round.isMultiple(of: 2) ? "/predict" : "/"
            if round.isMultiple(of: 3) {
                HTTPTrafficLoop.record("\(target) on a new connection", record) { try HTTPTrafficLoop.send(target, on: RawHTTPClient(port: port), close: true) }
            } else {
                HTTPTrafficLoop.record("\(target) on a keep-alive connection", record) {
                    if let reused = keepAlive {
                        do {
                            return try HTTPTrafficLoop.send(target, on: reused, keeping: &keepAlive)
                        } catch let failure as RawHTTPClient.Failure where HTTPTrafficLoop.closedBeforeReplying(failure) {
                            record { $0.retriedAfterKeepAliveClose += 1 }
                        }
                    }
                    keepAlive = try RawHTTPClient(port: port)
                    return try HTTPTrafficLoop.send(target, on: keepAlive!, keeping: &keepAlive)
                }
            }
            if round.isMultiple(of: 50) { keepAlive = nil }
        }
    }

    var answered: Int { current.answered }

    static func record(_ what: String, _ record: Record, _ attempt: () throws -> RawHTTPClient.Reply) {
        let result = Result { try attempt() }
        record { tally in
            switch result {
            case .success(let reply) where reply.status == 200:
                tally.answered += 1
            case .success(let reply):
                tally.failures.append("\(what): status \(reply.status): \(reply.text)")
            case .failure(let error):
                tally.failures.append("\(what): \(error)")
            }
        }
    }

    /// Whether a reused connection was closed (end of file) or reset by the server before any reply.
    private static func closedBeforeReplying(_ failure: RawHTTPClient.Failure) -> Bool {
        ["connection closed by server", "recv failed: errno \(ECONNRESET)"].contains(failure.description)
    }

    /// Sends on a keep-alive connection, forgetting it when the server says it will close it.
    private static func send(_ target: String, on client: RawHTTPClient, keeping keepAlive: inout RawHTTPClient?) throws -> RawHTTPClient.Reply {
        keepAlive = nil
        let reply = try send(target, on: client, close: false)
        if reply.header("connection")?.lowercased() != "close" { keepAlive = client }
        return reply
    }

    private static func send(_ target: String, on client: RawHTTPClient, close: Bool) throws -> RawHTTPClient.Reply {
        let connection = close ? "Connection: close\r\n" : ""
        let body = HTTPTraffic.predictBody
        if target == "/predict" {
            try client.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n\(connection)Content-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        } else {
            try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\(connection)\r\n")
        }
        return try client.readReply()
    }
}
