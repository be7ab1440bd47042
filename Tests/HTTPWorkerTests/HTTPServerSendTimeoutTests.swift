import NIOConcurrencyHelpers
import Testing
import TestSupport
@testable import HTTPWorker

/// Clients that stop reading their responses: `send_timeout` closes them, on every response path, and
/// frees their connection slot; a client that reads slowly but steadily is never cut off.
@Suite struct HTTPServerSendTimeoutTests {
    /// Far more than the socket buffers of a client whose receive buffer is 1 KiB hold.
    static let large = 4 << 20
    /// Less than the kernel lets a loopback socket buffer: the channel hands it all over at once and
    /// only the kernel's send queue shows that the client takes none of it.
    static let heldByTheKernel = 256 << 10

    @Test(arguments: [Self.large, Self.heldByTheKernel], ["Connection: close\r\n", ""])
    func aClientThatReadsNothingIsClosedAtSendTimeoutAndCounted(size: Int, connection: String) async throws {
        let timedOut = NIOLockedValueBox<[ContinuousClock.Instant]>([])
        let hooks = HTTPServerHooks(sendTimedOut: { timedOut.withLockedValue { $0.append(.now) } })
        let config = TestServer.config { $0.sendTimeout = 2; $0.keepalive = 30 }
        try await TestServer.with(config, hooks: hooks) { server in
            let client = try server.client(timeout: 5, receiveBuffer: 1024)
            let sent = ContinuousClock.now
            try client.send("GET /bytes/\(size) HTTP/1.1\r\nHost: x\r\n\(connection)\r\n")
            let closed = await eventually(within: 8) { !timedOut.withLockedValue { $0 }.isEmpty }
            #expect(closed, "a client that read nothing for 8 s was not closed at send_timeout=2")
            let elapsed = timedOut.withLockedValue { $0 }.first.map { $0 - sent } ?? .zero
            #expect(elapsed >= .seconds(2) && elapsed < .seconds(4), "closed after \(elapsed), not at send_timeout (2 s)")
            // What the client finds when it reads at last: a response cut short, then the end.
            let (bytes, ended) = client.drain()
            #expect(ended)
            #expect(bytes < size)
        }
        #expect(timedOut.withLockedValue { $0.count } == 1)
    }

    @Test func aClientThatReadsSlowlyButSteadilyGetsTheWholeResponse() async throws {
        let timedOut = NIOLockedValueBox(0)
        let hooks = HTTPServerHooks(sendTimedOut: { timedOut.withLockedValue { $0 += 1 } })
        let size = 1 << 20
        try await TestServer.with(TestServer.config { $0.sendTimeout = 1 }, hooks: hooks) { server in
            let client = try server.client(timeout: 5, receiveBuffer: 16 * 1024)
            let start = ContinuousClock.now
            try client.send("GET /bytes/\(size) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            // At most 16 KiB every 100 ms (the pace of a slow link, not a wait for the server): the
            // whole response takes several times send_timeout, but no pause reaches it.
            var received = 0
            while ContinuousClock.now - start < .seconds(40) {
                let count = client.discard(upTo: 16 * 1024)
                if count == 0 { break }
                received += count
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(received > size, "the response was cut at \(received) bytes")
            #expect(ContinuousClock.now - start > .seconds(2), "the response came too fast to test send_timeout")
        }
        #expect(timedOut.withLockedValue { $0 } == 0)
    }

    @Test func aClosedSlowReaderFreesItsConnectionSlot() async throws {
        let config = TestServer.config { $0.sendTimeout = 2; $0.keepalive = 30; $0.workerConnections = 1 }
        try await TestServer.with(config) { server in
            let stuck = try server.client(timeout: 5, receiveBuffer: 1024)
            try stuck.send("GET /bytes/\(Self.large) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let next = try server.client(timeout: 8)
            try next.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let start = ContinuousClock.now
            #expect(try next.readReply().status == 200)
            #expect(ContinuousClock.now - start < .seconds(6))
        }
    }
}
