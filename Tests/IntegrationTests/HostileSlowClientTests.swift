import Foundation
import Glibc
import Testing
import TestSupport

/// Slow-loris clients against the real server: connections trickling their headers must not stop a
/// normal request from being answered, and are cut off after `header_timeout`.
@Suite(.timeLimit(.minutes(3))) struct HostileSlowClientTests {
    @Test func twoHundredTricklingConnectionsDoNotStarveANormalRequest() throws {
        let server = try ServerProcess(arguments: ["--set", "header_timeout=10"])
        let before = Set(server.workerPids)
        var slow: [RawHTTPClient] = []
        for _ in 0..<200 {
            let client = try server.connect(timeout: 20)
            try client.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(client)
        }
        for (index, client) in slow.enumerated() { try? client.send("X-Trickle-\(index): ") }

        let start = Date()
        let reply = try server.request("GET", "/")
        #expect(reply.status == 200)
        #expect(Date().timeIntervalSince(start) < 5, "a normal request waited for the slow ones to time out")

        // A connection that began a request head is owed an answer (an idle one is closed silently):
        // each is refused 408 once `header_timeout` runs out, then closed.
        for client in slow.prefix(20) {
            let reply = try client.readReply()
            #expect(reply.status == 408)
            #expect(reply.text == #"{"detail":"Request head not received within 10 seconds."}"#)
            #expect(reply.header("connection") == "close")
            #expect(client.isClosedByServer())
        }
        #expect(Set(server.workerPids) == before)
    }
}
