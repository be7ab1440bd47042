import Foundation
import Glibc
import Testing
@testable import Prefork

@Suite(.timeLimit(.minutes(3))) struct SystemdSocketActivationTests {
    /// A descriptor above every one this process has open, so `count` from it are free: the test
    /// process holds hundreds at times (other suites' pipes, sockets and files), so no fixed number is.
    private func freeDescriptors() throws -> CInt {
        let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap { CInt($0) }
        return (open.max() ?? 2) + 16
    }

    /// Puts listening sockets on consecutive free descriptors from `first`, the way systemd does from 3.
    private func passSockets(_ count: Int, from first: CInt) throws -> [ListeningSocket] {
        try (0..<count).map { offset in
            let fd = first + CInt(offset)
            #expect(fcntl(fd, F_GETFD) == -1, "descriptor \(fd) is already in use")
            let bound = try ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 8)
            #expect(dup2(bound.fileDescriptor, fd) == fd)
            close(bound.fileDescriptor)
            return ListeningSocket(fileDescriptor: fd, address: bound.address, ownsSocketFile: false, socketFileIdentity: nil)
        }
    }

    @Test func notActivatedWithoutListenFDs() throws {
        #expect(try SystemdSocketActivation.sockets(environment: [:], processID: 42).isEmpty)
    }

    @Test func takesOverNamedSockets() throws {
        let first = try freeDescriptors()
        let passed = try passSockets(2, from: first)
        defer { passed.forEach { $0.close() } }
        let environment = ["LISTEN_FDS": "2", "LISTEN_PID": "42", "LISTEN_FDNAMES": "http:admin"]
        let sockets = try SystemdSocketActivation.sockets(environment: environment, processID: 42, firstDescriptor: first)
        #expect(sockets.map(\.name) == ["http", "admin"])
        #expect(sockets.map(\.socket.address) == passed.map(\.address))
        #expect(sockets.map(\.socket.fileDescriptor) == [first, first + 1])
        #expect(fcntl(first, F_GETFD) & FD_CLOEXEC != 0)
        #expect(sockets.allSatisfy { !$0.socket.ownsSocketFile })
    }

    @Test func namesDefaultToUnknown() throws {
        let first = try freeDescriptors()
        let passed = try passSockets(1, from: first)
        defer { passed.forEach { $0.close() } }
        let sockets = try SystemdSocketActivation.sockets(
            environment: ["LISTEN_FDS": "1", "LISTEN_PID": "7"], processID: 7, firstDescriptor: first)
        #expect(sockets.map(\.name) == ["unknown"])
    }

    @Test func refusesSocketsMeantForAnotherProcess() {
        let error = #expect(throws: SocketActivationError.self) {
            try SystemdSocketActivation.sockets(environment: ["LISTEN_FDS": "1", "LISTEN_PID": "41"], processID: 42)
        }
        #expect(error == .processMismatch(listenPID: 41, ownPID: 42))
        #expect(error?.description.hasPrefix("LISTEN_PID=41 but this process is 42") == true)
    }

    @Test func reportsMalformedVariables() {
        #expect(throws: SocketActivationError.invalidNumber(variable: "LISTEN_FDS", value: "two")) {
            try SystemdSocketActivation.sockets(environment: ["LISTEN_FDS": "two", "LISTEN_PID": "1"], processID: 1)
        }
        #expect(throws: SocketActivationError.invalidNumber(variable: "LISTEN_PID", value: "")) {
            try SystemdSocketActivation.sockets(environment: ["LISTEN_FDS": "1", "LISTEN_PID": ""], processID: 1)
        }
        #expect(throws: SocketActivationError.missingProcessID) {
            try SystemdSocketActivation.sockets(environment: ["LISTEN_FDS": "1"], processID: 1)
        }
        #expect(throws: SocketActivationError.nameCountMismatch(names: 1, descriptors: 2)) {
            try SystemdSocketActivation.sockets(
                environment: ["LISTEN_FDS": "2", "LISTEN_PID": "1", "LISTEN_FDNAMES": "http"], processID: 1)
        }
    }

    @Test func refusesADescriptorThatIsNotListening() throws {
        let fd = try freeDescriptors()
        #expect(fcntl(fd, F_GETFD) == -1)
        let unbound = socket(AF_INET, CInt(SOCK_STREAM.rawValue), 0)
        #expect(dup2(unbound, fd) == fd)
        close(unbound)
        defer { close(fd) }
        let error = #expect(throws: SocketActivationError.self) {
            try SystemdSocketActivation.sockets(environment: ["LISTEN_FDS": "1", "LISTEN_PID": "1"], processID: 1, firstDescriptor: fd)
        }
        #expect(error?.description.contains("inherited fd \(fd): socket is not listening") == true)
    }
}
