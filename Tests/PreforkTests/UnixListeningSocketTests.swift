import Glibc
import Testing
@testable import Prefork

@Suite struct UnixListeningSocketTests {
    @Test func bindsAndRemovesTheSocketFileOnClose() throws {
        let path = temporaryPath("bind.sock")
        let socket = try ListeningSocket.bind(.unix(path: path), backlog: 16)
        #expect(socket.address == .unix(path: path))
        #expect(FileIdentity(path: path)?.isSocket == true)
        close(try connectClient(to: socket.address))
        #expect(try socket.acceptQueue() == nil)
        socket.close()
        #expect(FileIdentity(path: path) == nil)
    }

    @Test func replacesAStaleSocketFile() throws {
        let path = temporaryPath("stale.sock")
        var stale = try ListeningSocket.bind(.unix(path: path), backlog: 16)
        stale.ownsSocketFile = false
        stale.close()
        #expect(FileIdentity(path: path)?.isSocket == true)
        let socket = try ListeningSocket.bind(.unix(path: path), backlog: 16)
        defer { socket.close() }
        close(try connectClient(to: socket.address))
    }

    @Test func refusesAPathSomeoneListensOn() throws {
        let path = temporaryPath("live.sock")
        let live = try ListeningSocket.bind(.unix(path: path), backlog: 16)
        defer { live.close() }
        let error = #expect(throws: SocketError.self) {
            try ListeningSocket.bind(.unix(path: path), backlog: 16)
        }
        #expect(error == .unixPathInUse(path: path))
        #expect(FileIdentity(path: path)?.isSocket == true)
    }

    @Test func refusesAPathThatIsNotASocket() throws {
        let path = temporaryPath("regular")
        let file = open(path, O_CREAT | O_WRONLY, 0o600)
        close(file)
        defer { unlink(path) }
        let error = #expect(throws: SocketError.self) {
            try ListeningSocket.bind(.unix(path: path), backlog: 16)
        }
        #expect(error?.description == "bind unix:\(path): the path exists and is not a socket (remove the file or change bind)")
    }

    @Test func closeLeavesAFileItDoesNotOwn() throws {
        let path = temporaryPath("replaced.sock")
        let first = try ListeningSocket.bind(.unix(path: path), backlog: 16)
        unlink(path)
        let second = try ListeningSocket.bind(.unix(path: path), backlog: 16)
        defer { second.close() }
        first.close()
        #expect(FileIdentity(path: path)?.isSocket == true)
    }

    @Test func refusesAPathTooLong() {
        let path = "/tmp/" + String(repeating: "x", count: 200)
        #expect(throws: SocketError.unixPathTooLong(path: path, limit: 107)) {
            try ListeningSocket.bind(.unix(path: path), backlog: 16)
        }
    }
}

@Suite struct AbstractListeningSocketTests {
    @Test func bindsAnAbstractName() throws {
        let name = "@prefork-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let socket = try ListeningSocket.bind(.unix(path: name), backlog: 16)
        defer { socket.close() }
        #expect(socket.address == .unix(path: name))
        #expect(!socket.ownsSocketFile)
        close(try connectClient(to: socket.address))
    }
}
