import TestSupport
import Glibc
import Testing
@testable import Prefork

@Suite struct ListeningSocketTests {
    @Test func bindsIPv4WithKernelPickedPort() throws {
        let socket = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 16)
        defer { socket.close() }
        guard case .tcp(let host, let port) = socket.address else { Issue.record("not TCP"); return }
        #expect(host == "127.0.0.1")
        #expect(port > 0)
        let client = try connectClient(to: socket.address)
        close(client)
    }

    @Test func bindsIPv6() throws {
        let socket = try ListeningSocket.bind(.tcp(host: "::1", port: 0), backlog: 16)
        defer { socket.close() }
        guard case .tcp(let host, let port) = socket.address else { Issue.record("not TCP"); return }
        #expect(host == "::1")
        #expect(socket.address.description == "[::1]:\(port)")
        close(try connectClient(to: socket.address))
    }

    @Test func socketIsNonBlockingAndCloseOnExec() throws {
        let socket = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 16)
        defer { socket.close() }
        #expect(fcntl(socket.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(socket.fileDescriptor, F_GETFL) & O_NONBLOCK != 0)
        #expect(socketOption(socket.fileDescriptor, SOL_SOCKET, SO_REUSEADDR) == 1)
        #expect(socketOption(socket.fileDescriptor, SOL_SOCKET, SO_REUSEPORT) == 0)
    }

    @Test func addressInUseNamesAddressAndFix() throws {
        let first = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 16)
        defer { first.close() }
        let error = #expect(throws: SocketError.self) {
            try ListeningSocket.bind(first.address, backlog: 16)
        }
        #expect(error?.description == "bind \(first.address): Address already in use (another server is listening there; change bind)")
    }

    @Test func reusePortSocketsShareOnePort() throws {
        let first = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 16, reusePort: true)
        defer { first.close() }
        let second = try ListeningSocket.bind(first.address, backlog: 16, reusePort: true)
        defer { second.close() }
        #expect(second.address == first.address)
        #expect(socketOption(second.fileDescriptor, SOL_SOCKET, SO_REUSEPORT) == 1)
    }

    @Test func unresolvableHostIsReported() {
        let error = #expect(throws: SocketError.self) {
            try ListeningSocket.bind(.tcp(host: "no-such-host.invalid", port: 0), backlog: 16)
        }
        #expect(error?.description.hasPrefix("bind no-such-host.invalid:0: cannot resolve host") == true)
        #expect(throws: SocketError.invalidPort(.tcp(host: "127.0.0.1", port: 70000))) {
            try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 70000), backlog: 16)
        }
    }

    @Test func backlogIsWhatTheKernelUses() throws {
        let socket = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 1000)
        defer { socket.close() }
        let expected = min(1000, ListeningSocket.systemBacklogLimit ?? 1000)
        #expect(try socket.acceptQueue()?.limit == expected)
        // What SwiftNIO's bootstrap does to an adopted socket, then the repair.
        #expect(listen(socket.fileDescriptor, 128) == 0)
        #expect(try socket.acceptQueue()?.limit == 128)
        try socket.setBacklog(1000)
        #expect(try socket.acceptQueue()?.limit == expected)
    }

    @Test func drainAcceptsEveryQueuedConnection() throws {
        let socket = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 16)
        defer { socket.close() }
        let clients = try (0..<3).map { _ in try connectClient(to: socket.address) }
        defer { clients.forEach { close($0) } }
        #expect(try eventually { try socket.acceptQueue()?.length == 3 })
        var accepted: [CInt] = []
        let count = try socket.drainAcceptQueue { accepted.append($0) }
        accepted.forEach { close($0) }
        #expect(count == 3)
        #expect(accepted.count == 3)
        #expect(try socket.acceptQueue()?.length == 0)
        #expect(try socket.drainAcceptQueue { close($0) } == 0)
    }

    @Test func adoptsAnInheritedListeningSocket() throws {
        let bound = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 16)
        defer { bound.close() }
        let copy = dup(bound.fileDescriptor)
        let adopted = try ListeningSocket(adopting: copy)
        defer { adopted.close() }
        #expect(adopted.address == bound.address)
        #expect(fcntl(copy, F_GETFD) & FD_CLOEXEC != 0)
    }

    @Test func refusesToAdoptANonListeningDescriptor() throws {
        let unbound = socket(AF_INET, CInt(SOCK_STREAM.rawValue), 0)
        defer { close(unbound) }
        let error = #expect(throws: SocketError.self) { try ListeningSocket(adopting: unbound) }
        #expect(error?.description.contains("inherited fd \(unbound): socket is not listening") == true)
        let pipeEnds = UnsafeMutablePointer<CInt>.allocate(capacity: 2)
        defer { pipeEnds.deallocate() }
        #expect(pipe(pipeEnds) == 0)
        defer { close(pipeEnds[0]); close(pipeEnds[1]) }
        #expect(throws: SocketError.self) { try ListeningSocket(adopting: pipeEnds[0]) }
    }
}

@Suite struct ListeningSocketSetTests {
    @Test func bindsEveryAddressOrNone() throws {
        let taken = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 16)
        defer { taken.close() }
        let path = temporaryPath("set.sock")
        #expect(throws: SocketError.self) {
            try ListeningSocket.bind([.unix(path: path), taken.address], backlog: 16)
        }
        #expect(FileIdentity(path: path) == nil)
        let sockets = try ListeningSocket.bind([.unix(path: path), .tcp(host: "127.0.0.1", port: 0)], backlog: 16)
        defer { sockets.forEach { $0.close() } }
        #expect(sockets.count == 2)
        #expect(sockets.first?.address == .unix(path: path))
    }
}
