import Foundation
import Glibc
import Logging
import Synchronization
import Testing
import TestSupport
@testable import Prefork

/// The control socket's server alone: requests reach the inbox and answers come back, and what is
/// not a request is answered without ever reaching it.
@Suite struct ControlServerTests {
    private static func server(at path: String) throws -> ControlServer {
        let server = try ControlServer(path: path, takeOver: false, privileges: try PrivilegeDrop(user: nil, group: nil))
        server.start(allowedUID: geteuid(), logger: Logger(label: "test.control"))
        return server
    }

    /// Sends `bytes` on a new connection and reads the answer until the server closes.
    private static func exchange(_ bytes: [UInt8], at path: String) throws -> String {
        let fd = try connectClient(to: .unix(path: path))
        defer { close(fd) }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if !bytes.isEmpty { _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL)) } }
        var answer = [UInt8](), buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            answer += buffer.prefix(count)
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// Sends `command` with `ControlClient` while answering the inbox as the supervisor's loop does;
    /// returns the commands the inbox saw and the client's answer.
    private static func command(
        _ command: ControlCommand, through server: ControlServer
    ) throws -> (seen: [ControlCommand], answer: [String: String]?) {
        let answer = Mutex<Result<[String: String], ControlClientError>?>(nil)
        let path = server.path
        let client = Thread {
            let result = Result { () throws(ControlClientError) in
                try ControlClient(socketPath: path).send(command).compactMapValues(\.string)
            }
            answer.withLock { $0 = result }
        }
        client.start()
        var seen: [ControlCommand] = []
        #expect(eventually(within: 10) {
            for call in server.inbox.drain() {
                seen.append(call.command)
                call.reply(ControlAnswer.success(["text": "seen \(call.command.name)"]))
            }
            return answer.withLock { $0 != nil }
        })
        return (seen, try answer.withLock { try $0?.get() })
    }

    @Test func aCommandIsAnsweredByWhoeverDrainsTheInbox() throws {
        let server = try Self.server(at: temporaryPath("control"))
        defer { server.stop(keepSocketFile: false) }
        let (seen, answer) = try Self.command(.workers(3), through: server)
        #expect(seen == [.workers(3)])
        #expect(answer == ["text": "seen workers"])
    }

    @Test func aClientTricklingItsRequestIsCutAtTheWholeDeadlineAndDelaysNoOther() throws {
        let path = temporaryPath("control")
        let server = try Self.server(at: path)
        defer { server.stop(keepSocketFile: false) }
        // Connected first, so a server that serves one connection at a time takes this one first.
        let slow = try connectClient(to: .unix(path: path))
        defer { close(slow) }
        let connected = ContinuousClock.now
        // One byte a second: every read gets a byte well within the timeout, never the newline.
        let trickle = Thread {
            for _ in 0..<(3 * ControlServer.timeoutSeconds) {
                guard send(slow, "{", 1, CInt(MSG_NOSIGNAL)) == 1 else { return }
                var descriptor = pollfd(fd: slow, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 1000) != 0 { return }
            }
        }
        trickle.start()

        let (seen, answer) = try Self.command(.workers(2), through: server)
        #expect(seen == [.workers(2)])
        #expect(answer == ["text": "seen workers"])
        #expect(ContinuousClock.now - connected < .seconds(2), "the other command waited for the slow client")

        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(slow, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes = [UInt8](), buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = recv(slow, &buffer, buffer.count, 0), count > 0 { bytes += buffer.prefix(count) }
        let elapsed = ContinuousClock.now - connected
        #expect(String(decoding: bytes, as: UTF8.self).contains("no complete request line within 5 s"))
        #expect(elapsed >= .seconds(ControlServer.timeoutSeconds) && elapsed < .seconds(ControlServer.timeoutSeconds + 2),
                "answered after \(elapsed)")
    }

    @Test func anOverlongRequestIsRefusedWithoutReachingTheInbox() throws {
        let path = temporaryPath("control")
        let server = try Self.server(at: path)
        defer { server.stop(keepSocketFile: false) }
        let answer = try Self.exchange([UInt8](repeating: UInt8(ascii: "x"), count: 2 * ControlCommand.maximumRequestBytes), at: path)
        #expect(answer.contains(#""ok":false"#) && answer.contains("longer than 4096 bytes"), "\(answer)")
        #expect(server.inbox.drain().isEmpty)
    }

    @Test func aClientThatSendsNothingIsAnsweredAtTheReadTimeout() throws {
        let path = temporaryPath("control")
        let server = try Self.server(at: path)
        defer { server.stop(keepSocketFile: false) }
        let started = ContinuousClock.now
        let answer = try Self.exchange([], at: path)
        #expect(answer.contains("no complete request line within \(ControlServer.timeoutSeconds) s"), "\(answer)")
        #expect(ContinuousClock.now - started < .seconds(ControlServer.timeoutSeconds + 5))
        #expect(try Self.exchange(Array("{\"command\":\"nope\"}\n".utf8), at: path).contains("unknown command"),
                "the next client is served")
    }

    @Test func theModeIsSetWithoutFollowingWhatThePathNamesAfterTheBind() throws {
        let path = temporaryPath("control")
        let victim = temporaryPath("victim")
        let file = open(victim, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(file >= 0)
        #expect(fchmod(file, 0o644) == 0)
        close(file)
        defer { unlink(victim); unlink(path) }
        let server = try ControlServer(
            path: path, takeOver: false, privileges: try PrivilegeDrop(user: nil, group: nil),
            afterBind: {
                var info = stat()
                #expect(lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK && info.st_mode & 0o777 == 0o600)
                // Another process swaps the socket file for a link to a file of its choosing.
                unlink(path)
                #expect(symlink(victim, path) == 0)
            })
        server.stop(keepSocketFile: true)
        var info = stat()
        #expect(stat(victim, &info) == 0 && info.st_mode & 0o777 == 0o644)
    }

    @Test func aSecondServerOnALiveSocketIsRefusedAndTheFileIsMode0600() throws {
        let path = temporaryPath("control")
        let server = try Self.server(at: path)
        defer { server.stop(keepSocketFile: false) }
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(throws: ControlSocketError.inUse(path: path)) {
            _ = try ControlServer(path: path, takeOver: false, privileges: try PrivilegeDrop(user: nil, group: nil))
        }
    }
}
