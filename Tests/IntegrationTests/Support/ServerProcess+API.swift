import Foundation
import Testing
import TestSupport

extension ServerProcess {
    /// Sends `POST /predict` with `body` as `application/json` on a new connection.
    func predict(_ body: String) throws -> RawHTTPClient.Reply {
        try request("POST", "/predict", body: body, headers: ["Content-Type": "application/json"])
    }

    /// Sends one request whose body is the exact `body` bytes on a new connection.
    func request(
        _ method: String, _ target: String, bytes body: [UInt8], headers: [String: String] = [:]
    ) throws -> RawHTTPClient.Reply {
        let client = try connect()
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        try client.send(Array(head.utf8) + body)
        return try client.readReply()
    }

    /// The worker pids now, to compare with `expectSameWorkers(_:)` once the traffic is over.
    func workersBeforeTraffic() throws -> Set<Int32> {
        let pids = Set(workerPids)
        try #require(!pids.isEmpty, "no worker is running; log:\n\(log)")
        return pids
    }

    /// Expects the same worker processes as `before` to be alive: no request made one crash.
    func expectSameWorkers(_ before: Set<Int32>, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(workerPids) == before, "a worker was replaced; log:\n\(log)", sourceLocation: sourceLocation)
        let log = self.log
        #expect(!log.contains("exited with status") && !log.contains("killed by signal"), "log:\n\(log)", sourceLocation: sourceLocation)
    }
}

/// Runs `body(index)` on `count` threads of their own, all at once (a dispatch pool would run only
/// as many at a time as there are cores), and returns when every one has finished.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let finished = DispatchGroup()
    for index in 0..<count {
        finished.enter()
        Thread {
            body(index)
            finished.leave()
        }.start()
    }
    finished.wait()
}

/// What went wrong on any of several threads, for one expectation at the end.
final class ThreadProblems: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func add(_ problem: String) { lock.withLock { list.append(problem) } }

    var all: [String] { lock.withLock { list } }
}

extension RawHTTPClient.Reply {
    /// The body parsed as a JSON object.
    func json() throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(body))
        return try #require(value as? [String: Any], "body is not a JSON object: \(text)")
    }

    /// `data` of a success envelope.
    func data() throws -> [String: Any] {
        try #require(try json()["data"] as? [String: Any], "no data object in \(text)")
    }

    /// The `detail` list of a 422 answer.
    func validationDetail() throws -> [[String: Any]] {
        try #require(try json()["detail"] as? [[String: Any]], "no detail list in \(text)")
    }

    /// The `detail` text of an error answer.
    func detailText() throws -> String {
        try #require(try json()["detail"] as? String, "no detail text in \(text)")
    }
}
