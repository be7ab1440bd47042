import Glibc
import Testing
import TestSupport
@testable import Prefork
@testable import Settings

@Suite struct QueuedConnectionsTests {
    @Test(arguments: [BindAddress.tcp(host: "127.0.0.1", port: 0), .unix(path: temporaryPath("queued.sock"))])
    func showsAConnectionUntilItIsAccepted(_ address: BindAddress) throws {
        let socket = try ListeningSocket.bind(address, backlog: 16)
        defer { socket.close() }
        #expect(!socket.hasQueuedConnections)
        let client = try connectClient(to: socket.address)
        defer { close(client) }
        #expect(eventually { socket.hasQueuedConnections })
        var accepted: [CInt] = []
        try socket.drainAcceptQueue { accepted.append($0) }
        accepted.forEach { close($0) }
        #expect(accepted.count == 1)
        #expect(!socket.hasQueuedConnections)
    }

    /// After `refuseNewConnections` the queued connection is still accepted; a new one neither
    /// connects nor queues, and once the socket is closed its retry is refused, not reset.
    @Test func refusingNewConnectionsKeepsTheQueuedOnesAndRefusesTheRest() throws {
        let socket = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 16)
        let queued = try connectClient(to: socket.address)
        defer { close(queued) }
        #expect(eventually { socket.hasQueuedConnections })
        try socket.refuseNewConnections()

        let target = try SocketAddress(resolving: socket.address)
        let late = Glibc.socket(target.family, CInt(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
        defer { close(late) }
        #expect(target.withSockaddr { connect(late, $0, $1) } == -1 && errno == EINPROGRESS)
        var waiting = pollfd(fd: late, events: Int16(POLLOUT), revents: 0)
        #expect(poll(&waiting, 1, 300) == 0, "its SYN goes unanswered: the attempt neither completes nor fails")

        var accepted: [CInt] = []
        try socket.drainAcceptQueue { accepted.append($0) }
        accepted.forEach { close($0) }
        #expect(accepted.count == 1, "the connection queued before is accepted, and only it")
        socket.close()

        // The kernel retries the SYN after a second; the closed socket refuses it.
        #expect(poll(&waiting, 1, 10_000) == 1)
        var failure: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        getsockopt(late, SOL_SOCKET, SO_ERROR, &failure, &length)
        #expect(failure == ECONNREFUSED)
    }
}
