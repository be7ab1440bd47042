import Foundation
import Glibc
import Testing
import TestSupport

/// The server as deployed: workers that are not root, either dropped to `user: nobody` by a root
/// start or started by an unprivileged user, serve every route, reload, scale and stop.
@Suite(.timeLimit(.minutes(3)), .serialized) struct UnprivilegedServeTests {
    /// How the server comes to run without root.
    enum Start: String, CaseIterable, CustomTestStringConvertible {
        /// Started as root with `user` and `group` set, as gunicorn drops privileges.
        case droppedFromRoot
        /// Started by an unprivileged user (through setpriv when the tests run as root).
        case unprivileged

        var testDescription: String { rawValue }

        /// The uid the server's processes run as.
        var uid: uid_t { getuid() == 0 ? Self.nobody : getuid() }

        static let nobody: uid_t = 65534

        func launch(workers: Int) throws -> ServerProcess {
            switch self {
            case .droppedFromRoot:
                return try ServerProcess(workers: workers, arguments: ["--set", "user=65534", "--set", "group=65534"])
            case .unprivileged:
                let launcher = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
                return try ServerProcess(workers: workers, launcher: launcher)
            }
        }

        /// The ways this machine can start it: dropping privileges needs a root start.
        static var available: [Start] { getuid() == 0 ? allCases : [.unprivileged] }
    }

    /// The real uid of `pid` from /proc, nil once it is gone.
    private static func uid(of pid: Int32) -> uid_t? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }) else { return nil }
        return line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.flatMap { uid_t($0) }
    }

    @Test(arguments: Start.available)
    func everyRouteAnswersFromWorkersThatAreNotRoot(start: Start) throws {
        let server = try start.launch(workers: 2)
        let workers = server.workerPids
        try #require(workers.count == 2, "log:\n\(server.log)")
        for pid in workers + [server.pid] {
            #expect(Self.uid(of: pid) == start.uid, "pid \(pid) runs as uid \(String(describing: Self.uid(of: pid)))")
        }
        #expect(start.uid != 0)
        for target in ["/", "/performance", "/performance?filter=overall", "/args", "/args/learning_rate",
                       "/openapi.json", "/docs", "/redoc", "/metrics"] {
            let reply = try server.request("GET", target)
            #expect(reply.status == 200, "GET \(target): \(reply.status) \(reply.text)")
        }
        let predict = try server.predict(HTTPTraffic.predictBody)
        #expect(predict.status == 200, "\(predict.text)")
        // Keep-alive: several requests on one connection.
        let client = try server.connect()
        for _ in 0..<3 {
            try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try client.readReply().status == 200)
        }
        #expect(!server.log.contains("[ERROR]"), "log:\n\(server.log)")
    }

    @Test(arguments: Start.available)
    func reloadsScalesAndStopsGracefully(start: Start) throws {
        let server = try start.launch(workers: 2)
        let traffic = HTTPTrafficLoop(port: server.port)
        defer { _ = traffic.stop() }
        #expect(eventually(within: 10) { traffic.answered > 20 })

        let first = Set(server.workerPids)
        server.signal(SIGHUP)
        #expect(eventually(within: 30) {
            let now = Set(server.workerPids)
            return now.count == 2 && now.isDisjoint(with: first)
        }, "log:\n\(server.log)")
        #expect(server.log.contains("generation 1 ready, draining generation 0"))

        server.signal(SIGTTIN)
        #expect(eventually(within: 30) { server.workerPids.count == 3 }, "log:\n\(server.log)")
        server.signal(SIGTTOU)
        #expect(eventually(within: 30) { server.workerPids.count == 2 }, "log:\n\(server.log)")
        #expect(server.workerPids.allSatisfy { Self.uid(of: $0) == start.uid })

        let answered = traffic.answered
        #expect(eventually(within: 10) { traffic.answered > answered + 20 })
        let outcome = traffic.stop()
        #expect(outcome.failures.isEmpty, "\(outcome.failures.prefix(5))")

        server.signal(SIGTERM)
        #expect(server.waitForExit(within: 30) == 0, "log:\n\(server.log)")
        #expect(!server.log.contains("[ERROR]"), "log:\n\(server.log)")
    }
}
