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

    @Test func aCommandIsAnsweredByWhoeverDrainsTheInbox() throws {
        let path = temporaryPath("control")
        let server = try Self.server(at: path)
        defer { server.stop(keepSocketFile: false) }
        let answer = Mutex<Result<[String: String], ControlClientError>?>(nil)
        let client = Thread {
            let result = Result { () throws(ControlClientError) in
                try ControlClient(socketPath: path).send(.workers(3)).compactMapValues { $0 as? String }
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
        #expect(seen == [.workers(3)])
        #expect(try answer.withLock { try $0?.get() } == ["text": "seen workers"])
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
