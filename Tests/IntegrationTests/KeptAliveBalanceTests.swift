import Foundation
import Testing
import TestSupport

/// Kept-alive connections spread over the workers on a real server: a burst of connections is
/// shared as it is accepted, and connections that all landed on one worker end shared by two,
/// without an unanswered request.
@Suite(.timeLimit(.minutes(2))) struct KeptAliveBalanceTests {
    /// The open connections of each ready worker in `ctl status`.
    private func connections(_ server: ControlSocketTests.Controlled) -> [Int] {
        let workers = (try? server.status())?["workers"] as? [[String: Any]] ?? []
        return workers.filter { $0["state"] as? String == "ready" }.map { $0["connections"] as? Int ?? -1 }
    }

    @Test func aBurstOfConnectionsIsSharedByTheWorkersAsItIsAccepted() throws {
        let server = try ControlSocketTests.Controlled(workers: 2, arguments: ["--set", "keepalive=60"])
        #expect(eventually(within: 30) { connections(server).count == 2 }, "\(connections(server))")
        // Opened back to back and sent nothing, so no connection is closed for balance: the split
        // is the accepting threads' alone.
        let clients = try (0..<64).map { _ in try server.server.connect() }
        #expect(eventually(within: 10) { connections(server).reduce(0, +) == 64 }, "\(connections(server))")
        let counts = connections(server)
        #expect(counts.count == 2 && counts.min()! >= 24, "connections per worker \(counts)")
        withExtendedLifetime(clients) {}
    }

    @Test func connectionsThatAllLandedOnOneWorkerSpreadOverTwo() throws {
        // Kept alive longer than the default 5 s, so none times out while the second worker boots.
        let server = try ControlSocketTests.Controlled(workers: 1, arguments: ["--set", "keepalive=60"])
        let request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        var clients = try (0..<32).map { _ in try server.server.connect() }
        for client in clients {
            try client.send(request)
            #expect(try client.readReply().status == 200)
        }
        #expect(eventually(within: 10) { connections(server) == [32] }, "\(connections(server))")
        let scaled = try server.ctl("workers", "2")
        #expect(scaled.status == 0, "\(scaled.stderr)")
        #expect(eventually(within: 30) { connections(server).count == 2 }, "\(connections(server))")
        #expect(connections(server).sorted() == [0, 32], "the second worker starts with none of them")
        var answered = 0, reconnected = 0
        var failures: [String] = []
        let spread = eventually(within: 30) {
            for index in clients.indices {
                do {
                    try clients[index].send(request)
                    let reply = try clients[index].readReply()
                    guard reply.status == 200 else {
                        failures.append("status \(reply.status)")
                        continue
                    }
                    answered += 1
                    if reply.header("connection") == "close" {
                        clients[index] = try server.server.connect()
                        reconnected += 1
                    }
                } catch {
                    failures.append("\(error)")
                }
            }
            let counts = connections(server)
            return counts.count == 2 && counts.min()! >= 12 && counts.reduce(0, +) == 32
        }
        #expect(spread, "connections per worker \(connections(server)), \(reconnected) reconnections")
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(answered > 0 && reconnected >= 12, "\(answered) answered, \(reconnected) reconnections")
        let samples = metricSamples(try server.server.metricsText())
        #expect(samples[#"tagifai_connections_closed_total{reason="balance"}"#] == Double(reconnected))
    }
}
