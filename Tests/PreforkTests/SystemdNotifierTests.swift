import Glibc
import Testing
@testable import Prefork

/// A datagram socket standing in for systemd's notification socket.
private final class NotifySocketStub {
    let path: String
    let fd: CInt

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, CInt(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        let address = try SocketAddress(unixPath: path)
        #expect(address.withSockaddr { bind(fd, $0, $1) } == 0)
    }

    deinit {
        close(fd)
        if !path.hasPrefix("@") { unlink(path) }
    }

    /// The next datagram, waiting up to five seconds for it.
    func receive() -> String? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 5_000) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count < 0 ? nil : String(decoding: buffer[..<count], as: UTF8.self)
    }
}

@Suite struct SystemdNotifierTests {
    @Test func sendsStateChangesToThePathSocket() throws {
        let systemd = try NotifySocketStub(path: temporaryPath("notify"))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": systemd.path])
        #expect(notifier.isEnabled)
        try notifier.ready(status: "2 workers")
        #expect(systemd.receive() == "READY=1\nSTATUS=2 workers\n")
        try notifier.status("2 workers,\n150 requests")
        #expect(systemd.receive() == "STATUS=2 workers, 150 requests\n")
        try notifier.stopping()
        #expect(systemd.receive() == "STOPPING=1\n")
        try notifier.watchdog()
        #expect(systemd.receive() == "WATCHDOG=1\n")
        try notifier.mainProcess(1234)
        #expect(systemd.receive() == "MAINPID=1234\n")
    }

    @Test func reloadingCarriesTheMonotonicClock() throws {
        let systemd = try NotifySocketStub(path: temporaryPath("notify"))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": systemd.path])
        let before = SystemdNotifier.monotonicMicroseconds()
        try notifier.reloading()
        let after = SystemdNotifier.monotonicMicroseconds()
        let message = try #require(systemd.receive())
        let lines = message.split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
        #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
        #expect((before...after).contains(stamp))
    }

    @Test func sendsToAnAbstractSocket() throws {
        let name = "@prefork-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let systemd = try NotifySocketStub(path: name)
        try SystemdNotifier(environment: ["NOTIFY_SOCKET": name]).ready()
        #expect(systemd.receive() == "READY=1\n")
    }

    @Test func isSilentWithoutNotifySocket() throws {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        try notifier.ready()
        try notifier.watchdog()
    }

    @Test func reportsAnUnreachableSocket() {
        let path = temporaryPath("absent")
        let error = #expect(throws: SystemdNotifierError.self) {
            try SystemdNotifier(environment: ["NOTIFY_SOCKET": path]).ready()
        }
        #expect(error == .sendFailed(socket: path, errno: .noSuchFileOrDirectory))
        #expect(throws: SystemdNotifierError.invalidSocketPath("relative")) {
            try SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative"]).ready()
        }
    }

    @Test func watchdogIntervalFollowsWatchdogPID() {
        let mine = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "42"], processID: 42)
        #expect(mine.watchdogInterval == .seconds(30))
        let unowned = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000"], processID: 42)
        #expect(unowned.watchdogInterval == .seconds(30))
        let others = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "41"], processID: 42)
        #expect(others.watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: [:]).watchdogInterval == nil)
    }
}
