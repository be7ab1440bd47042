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
}
