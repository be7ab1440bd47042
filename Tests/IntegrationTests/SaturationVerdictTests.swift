import Foundation
import Testing
import TestSupport

/// `tagifai ctl status` on a real server: the busy shares, connections and accept queue it reads
/// from the scoreboard, and the verdict it draws, for an idle server, a saturated one and
/// connections spread over two workers.
@Suite(.timeLimit(.minutes(3)), .serialized) struct SaturationVerdictTests {
    /// The status's verdict and each worker's (connections, 10 s busy share).
    private func reading(_ server: ControlSocketTests.Controlled) throws -> (verdict: String, workers: [(connections: Int, busy: Double)]) {
        let status = try server.status()
        let workers = try #require(status["workers"] as? [[String: Any]])
        return (status["verdict"] as? String ?? "", workers.map { ($0["connections"] as? Int ?? -1, $0["busy10s"] as? Double ?? -1) })
    }

    @Test func anIdleServerIsToldFewerWorkersWouldDo() throws {
        let server = try ControlSocketTests.Controlled(workers: 2)
        // The supervisor measures once a second; the first share needs two samples.
        #expect(eventually(within: 10) { (try? reading(server).verdict)?.wholeMatch(of: /idle: 2 workers \d% busy: 1 would do/) != nil },
                "\((try? reading(server).verdict) ?? "")")
        let status = try server.status()
        let queue = try #require(status["accept_queue"] as? [String: Any])
        #expect(queue["length"] as? Int == 0)
        #expect(queue["limit"] as? Int == 2048, "etc/tagifai.yaml's backlog")
        #expect((status["cpus"] as? Int ?? 0) >= 1)
    }

    @Test func aWorkerThatNeverWaitsForWorkIsSaturated() throws {
        let server = try ControlSocketTests.Controlled(workers: 1)
        let loads = (0..<3).map { _ in
            HTTPTrafficLoop(tally: HTTPTraffic()) { _, record in
                HTTPTrafficLoop.record("/predict", record) { try server.server.predict(HTTPTraffic.predictBody) }
            }
        }
        defer { loads.forEach { _ = $0.stop() } }
        // The verdict may say saturated from the first sample, on connections waiting in the queue,
        // before the worker's busy share has the two samples it needs: wait for both.
        #expect(eventually(within: 30) {
            guard let (verdict, workers) = try? reading(server) else { return false }
            return verdict.hasPrefix("saturated: 1 worker ") && (workers.first?.busy ?? 0) >= 0.85
        }, "\((try? reading(server)).map { "\($0.verdict) \($0.workers)" } ?? "")")
        #expect(loads.allSatisfy { $0.current.failures.isEmpty })
    }

    @Test func eachWorkersConnectionsAreShownAndAnUnevenSpreadIsNamed() throws {
        let server = try ControlSocketTests.Controlled(workers: 2)
        let clients = try (0..<40).map { _ in try server.server.connect() }
        for client in clients {
            try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try client.readReply().status == 200)
        }
        #expect(eventually(within: 10) { (try? reading(server).workers.map(\.connections).reduce(0, +)) == 40 },
                "\((try? reading(server).workers.map(\.connections)) ?? [])")
        let (verdict, workers) = try reading(server)
        let most = try #require(workers.map(\.connections).max())
        // Which worker takes a burst of connections is the kernel's choice: judge what it chose.
        #expect(verdict.hasPrefix("uneven: ") == (Double(most) / 40 > 0.75), "\(workers.map(\.connections)): \(verdict)")
        withExtendedLifetime(clients) {}
    }
}
