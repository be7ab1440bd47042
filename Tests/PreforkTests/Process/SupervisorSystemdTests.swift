import TestSupport
import Foundation
import Glibc
import Testing

@Suite(.serialized) struct SupervisorSystemdTests {
    @Test func tellsSystemdWhenReadyReloadingAndStopping() throws {
        let notify = try NotifySocket()
        let server = try TestServer(["workers": "2"], environment: ["NOTIFY_SOCKET": notify.path])
        #expect(eventually(within: 5) { notify.hasMessage(with: "READY=1", "STATUS=") })
        #expect(eventually(within: 5) { notify.received().contains { $0.contains("STATUS=2 worker(s) ready") } })
        server.signal(SIGHUP)
        #expect(eventually(within: 5) { notify.hasMessage(with: "RELOADING=1", "MONOTONIC_USEC=") })
        #expect(eventually(within: 10) { notify.received().filter { $0.contains("READY=1") }.count == 2 })
        server.signal(SIGTERM)
        #expect(server.waitForExit(within: 10) == 0)
        #expect(notify.hasMessage(with: "STOPPING=1"))
        let order = notify.received().compactMap { message in
            ["READY=1", "RELOADING=1", "STOPPING=1"].first { message.contains($0) }
        }
        #expect(order == ["READY=1", "RELOADING=1", "READY=1", "STOPPING=1"])
    }

    @Test func sendsWatchdogKeepAlivesWhenSystemdAsks() throws {
        let notify = try NotifySocket()
        let server = try TestServer(["workers": "1"], environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"])
        #expect(eventually(within: 5) { notify.received().filter { $0.contains("WATCHDOG=1") }.count >= 3 })
        server.stop()
    }
}
