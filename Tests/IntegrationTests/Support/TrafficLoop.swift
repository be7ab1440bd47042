import Foundation
import TestSupport

/// Sends `GET /` and `POST /predict` to a server on its own thread until stopped, alternating a
/// keep-alive connection and new connections, and counts what failed.
///
/// A request on a reused keep-alive connection that the server had already closed (no byte of
/// a reply) is sent again on a new connection, as HTTP clients do (RFC 9112, section 9.3.1);
/// those retries are counted apart. Any other error or a status other than 200 is a failure.
final class TrafficLoop: @unchecked Sendable {
    struct Outcome {
        var answered: Int
        var retriedAfterKeepAliveClose: Int
        var failures: [String]
    }

    static let predictBody = #"{"texts": [{"text": "Transfer learning with transformers for text classification."}]}"#

    private let lock = NSLock()
    private var running = true
    private var outcome = Outcome(answered: 0, retriedAfterKeepAliveClose: 0, failures: [])
    private let finished = DispatchSemaphore(value: 0)

    init(port: Int) {
        Thread.detachNewThread { [self] in
            var keepAlive: RawHTTPClient?
            var round = 0
            while lock.withLock({ running }) {
                round += 1
                let target = round.isMultiple(of: 2) ? "/predict" : "/"
                if round.isMultiple(of: 3) {
                    record("\(target) on a new connection") { try Self.send(target, on: RawHTTPClient(port: port), close: true) }
                } else {
                    record("\(target) on a keep-alive connection") {
                        if let reused = keepAlive {
                            do {
                                return try Self.send(target, on: reused, keeping: &keepAlive)
                            } catch let failure as RawHTTPClient.Failure where Self.closedBeforeReplying(failure) {
                                lock.withLock { outcome.retriedAfterKeepAliveClose += 1 }
                            }
                        }
                        keepAlive = try RawHTTPClient(port: port)
                        return try Self.send(target, on: keepAlive!, keeping: &keepAlive)
                    }
                }
                if round.isMultiple(of: 50) { keepAlive = nil }
            }
            finished.signal()
        }
    }

    var answered: Int { lock.withLock { outcome.answered } }

    /// Stops the loop (once; later calls just return) and returns what it saw.
    func stop() -> Outcome {
        let wasRunning = lock.withLock { defer { running = false }; return running }
        if wasRunning { finished.wait() }
        return lock.withLock { outcome }
    }

    private func record(_ what: String, _ attempt: () throws -> RawHTTPClient.Reply) {
        let result = Result { try attempt() }
        lock.withLock {
            switch result {
            case .success(let reply) where reply.status == 200:
                outcome.answered += 1
            case .success(let reply):
                outcome.failures.append("\(what): status \(reply.status): \(reply.text)")
            case .failure(let error):
                outcome.failures.append("\(what): \(error)")
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
        if target == "/predict" {
            try client.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n\(connection)Content-Type: application/json\r\n"
                + "Content-Length: \(predictBody.utf8.count)\r\n\r\n\(predictBody)")
        } else {
            try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\(connection)\r\n")
        }
        return try client.readReply()
    }
}
