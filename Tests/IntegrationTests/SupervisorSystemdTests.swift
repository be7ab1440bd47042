import Foundation
import Glibc
import Testing
import TestSupport

/// `tagifai serve` under systemd's protocols: socket activation and `sd_notify`.
@Suite(.timeLimit(.minutes(3)), .serialized) struct SupervisorSystemdTests {
    @Test func servesOnASocketFromSystemdSocketActivation() throws {
        // The test binds the socket and systemd-socket-activate passes it on, as it does one systemd gave it.
        let listeners = try InheritedListeners(.systemd)
        let port = listeners.ports[0]
        let server = try ServerProcess(
            // It hands its child a clean environment: -E keeps the server's runtime folder.
            workers: 2, launcher: ["/usr/bin/systemd-socket-activate", "-E", "XDG_RUNTIME_DIR"], listeners: listeners,
            waitForReady: false)
        #expect(eventually(within: 10) { server.log.contains("Listening on 127.0.0.1:\(port)") })
        server.port = port
        let reply = try server.request("GET", "/")
        #expect(reply.status == 200, "the connection that activated the service is served")
        #expect(server.log.contains("using 1 socket(s) from systemd"))
        #expect(eventually(within: 30) { server.log.contains("all 2 worker(s) ready") })
        #expect(server.workerPids.count == 2)
        #expect(try server.request("POST", "/predict", body: HTTPTraffic.predictBody,
                                   headers: ["Content-Type": "application/json"]).status == 200)
    }

    @Test func tellsSystemdWhenReadyReloadingAndStopping() throws {
        let notify = try NotifySocket()
        let server = try ServerProcess(workers: 2, environment: ["NOTIFY_SOCKET": notify.path], waitForReady: false)
        #expect(eventually(within: 30) { notify.hasMessage(with: "READY=1", "STATUS=") })
        #expect(notify.received().contains { $0.contains("STATUS=2 worker(s) ready") })
        try server.waitUntilReady()
        #expect(try server.request("GET", "/").status == 200, "READY=1 comes once the workers accept")

        for _ in 0..<3 { _ = try server.request("GET", "/") }
        #expect(eventually(within: 10) {
            notify.received().contains { $0.contains("STATUS=2 worker(s) ready, ") && !$0.contains(", 0 request(s) served") }
        })
        server.signal(SIGHUP)
        #expect(eventually(within: 10) { notify.hasMessage(with: "RELOADING=1", "MONOTONIC_USEC=") })
        #expect(eventually(within: 30) { notify.received().filter { $0.contains("READY=1") }.count == 2 })
        server.signal(SIGTERM)
        #expect(server.waitForExit(within: 40) == 0)
        #expect(notify.hasMessage(with: "STOPPING=1"))
        let order = notify.received().compactMap { message in
            ["READY=1", "RELOADING=1", "STOPPING=1"].first { message.contains($0) }
        }
        #expect(order == ["READY=1", "RELOADING=1", "READY=1", "STOPPING=1"])
    }

}
