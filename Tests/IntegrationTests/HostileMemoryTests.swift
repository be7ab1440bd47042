import Foundation
import Testing
import TestSupport

/// Clients that try to grow a worker's memory through the real server: what they send beyond what
/// is parsed is dropped, and what comes back is bounded.
@Suite(.timeLimit(.minutes(3))) struct HostileMemoryTests {
    @Test func bytesStreamedAfterAnUpgradeRequestAreNotKept() throws {
        let server = try ServerProcess()
        let workers = try server.workersBeforeTraffic()
        let worker = try #require(workers.first)
        let before = try #require(ProcessTable.statusBytes("VmRSS", of: worker))
        let client = try server.connect(timeout: 10)
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n")
        let reply = try client.readReply()
        #expect(reply.status == 200)
        #expect(reply.header("connection") == "close")
        let chunk = [UInt8](repeating: 0x41, count: 1 << 16)
        var sent = 0
        while sent < 256 << 20, (try? client.send(chunk)) != nil {
            sent += chunk.count
        }
        let after = try #require(ProcessTable.statusBytes("VmRSS", of: worker))
        #expect(after - before < 32 << 20, "the worker grew from \(before >> 20) to \(after >> 20) MB after \(sent >> 20) MB")
        #expect(sent < 256 << 20, "the server kept reading \(sent >> 20) MB it would never parse")
        server.expectSameWorkers(workers)
    }

    @Test func aMebibyteOfControlBytesAsTextComesBackAsASmall422() throws {
        let server = try ServerProcess()
        let workers = try server.workersBeforeTraffic()
        let reply = try server.request(
            "POST", "/predict", bytes: [UInt8](repeating: 0x01, count: 1 << 20), headers: ["Content-Type": "text/plain"])
        #expect(reply.status == 422)
        #expect(reply.body.count < 2048, "a 422 of \(reply.body.count) bytes")
        #expect(try reply.validationDetail().first?["type"] as? String == "model_attributes_type")
        server.expectSameWorkers(workers)
    }
}
