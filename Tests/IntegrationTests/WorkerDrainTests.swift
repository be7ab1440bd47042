import Foundation
import Glibc
import Testing
import TestSupport

/// The drain of real workers: a keep-alive connection is never closed while it may be in use, and a
/// stopping server refuses new connections rather than queueing them for a reset.
@Suite(.timeLimit(.minutes(3)), .serialized) struct WorkerDrainTests {
    @Test func aKeepAliveConnectionIdleAtAReloadServesItsNextRequestWithConnectionClose() throws {
        let server = try ServerProcess(workers: 1)
        let client = try server.connect()
        try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readReply().header("connection") == nil)
        let old = Set(server.workerPids)
        server.signal(SIGHUP)
        #expect(eventually(within: 30) {
            (try? metricSamples(server.metricsText()))?[#"tagifai_workers{state="draining"}"#] == 1
        }, "the old worker drains")
        #expect(!client.hasInput(within: 0), "the old worker keeps the idle connection open while it drains")
        #expect(old.allSatisfy(ServerProcess.isRunning))

        try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let reply = try client.readReply()
        #expect(reply.status == 200)
        #expect(reply.header("connection") == "close")
        #expect(client.isClosedByServer())
        #expect(eventually(within: 10) { !old.contains(where: ServerProcess.isRunning) }, "the old worker exits once its last connection closed")
    }

    @Test func termRefusesNewConnectionsWhileOpenOnesFinish() throws {
        let server = try ServerProcess(workers: 2)
        let client = try server.connect()
        try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readReply().status == 200)
        server.signal(SIGTERM)
        #expect(eventually(within: 3) { connectError(port: server.port) == ECONNREFUSED }, "a connection attempt is refused")

        try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let reply = try client.readReply()
        #expect(reply.status == 200)
        #expect(reply.header("connection") == "close")
        #expect(server.waitForExit(within: 20) == 0)
    }

    /// The errno of a connection attempt to `port` on loopback, or 0 when it connects.
    private func connectError(port: Int) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return connected == 0 ? 0 : errno
    }
}
