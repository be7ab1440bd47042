import Foundation
import Glibc
import Testing
import TestSupport

/// `GET /ready` of real workers: 200 while the server serves, through a reload whose old
/// generation drains, and 503 from the moment the supervisor begins a graceful stop.
@Suite(.timeLimit(.minutes(3)), .serialized) struct ReadinessTests {
    private static let ready = "GET /ready HTTP/1.1\r\nHost: x\r\n\r\n"

    @Test func readyStaysOKThroughAReloadEvenOnTheDrainingOldWorker() throws {
        let server = try ServerProcess(workers: 1)
        let first = try server.request("GET", "/ready")
        #expect(first.status == 200)
        #expect(try first.json()["message"] as? String == "OK")
        #expect(try first.json()["status-code"] as? Int == 200)
        #expect(try first.data().isEmpty)
        let held = try server.connect()
        try held.send(Self.ready)
        #expect(try held.readReply().status == 200)
        let old = Set(server.workerPids)
        server.signal(SIGHUP)
        var statuses: [Int] = []
        #expect(eventually(within: 30) {
            statuses.append((try? server.request("GET", "/ready").status) ?? -1)
            return (try? metricSamples(server.metricsText()))?[#"tagifai_workers{state="draining"}"#] == 1
        }, "the old worker drains")

        try held.send(Self.ready)
        let draining = try held.readReply()
        #expect(draining.status == 200, "the old worker drains for a reload, not a stop: \(draining.text)")
        #expect(draining.header("connection") == "close")
        #expect(eventually(within: 10) {
            statuses.append((try? server.request("GET", "/ready").status) ?? -1)
            return !old.contains(where: ServerProcess.isRunning)
        }, "the old worker exits")
        #expect(!statuses.isEmpty && statuses.allSatisfy { $0 == 200 }, "\(statuses)")
    }

    @Test func afterTermReadyAnswers503OnAConnectionTheDrainStillServes() throws {
        let server = try ServerProcess(workers: 2)
        let client = try server.connect()
        try client.send(Self.ready)
        #expect(try client.readReply().status == 200)
        server.signal(SIGTERM)
        #expect(eventually(within: 5) { server.log.contains("TERM: graceful stop") }, "the supervisor begins to stop")

        try client.send(Self.ready)
        let reply = try client.readReply()
        #expect(reply.status == 503)
        #expect(reply.header("connection") == "close")
        let envelope = try reply.json()
        #expect(envelope["status-code"] as? Int == 503)
        #expect((envelope["message"] as? String)?.contains("stopping") == true, "\(reply.text)")
        #expect(server.waitForExit(within: 20) == 0)
    }
}
