import Foundation
import Glibc
import Testing
import TestSupport

/// `tagifai serve`'s workers, checked by their processes and by HTTP: counts, titles, restarts,
/// hung workers, scaling and retirement.
@Suite(.timeLimit(.minutes(3)), .serialized) struct SupervisorWorkerTests {
    @Test func startsTheConfiguredWorkersWithTheirTitles() throws {
        let server = try ServerProcess(workers: 3)
        let workers = server.workerPids
        #expect(workers.count == 3)
        #expect(ProcessTable.title(of: server.pid) == "tagifai: master [etc/tagifai.yaml]")
        let titles = Set(workers.map(ProcessTable.title(of:)))
        #expect(titles == ["tagifai: worker 0 (gen 0)", "tagifai: worker 1 (gen 0)", "tagifai: worker 2 (gen 0)"])
        for _ in 0..<6 {
            #expect(try server.request("GET", "/").status == 200)
        }
    }

    @Test func theConfiguredBacklogIsWhatTheKernelHas() throws {
        let server = try ServerProcess(workers: 2, arguments: ["--set", "backlog=77"])
        #expect(try listenBacklog(port: server.port) == 77)
    }

    @Test func aKilledWorkerIsReplacedAndItsReplacementServes() throws {
        let server = try ServerProcess(workers: 1)
        let victim = try #require(server.workerPids.first)
        kill(victim, SIGKILL)
        let reply = try server.request("GET", "/")
        #expect(reply.status == 200, "the connection made right after the kill is served by the replacement")
        let replacement = try #require(server.workerPids.first)
        #expect(replacement != victim)
        #expect(server.log.contains("worker pid \(victim) (slot 0, generation 0) was killed by signal 9 (SIGKILL), perhaps out of memory"))
        #expect(eventually(within: 10) { server.log.contains("worker pid \(replacement) (slot 0, generation 0) ready") })
        #expect(ProcessTable.title(of: replacement) == "tagifai: worker 0 (gen 0)")
    }

    @Test func aStoppedWorkerIsKilledAfterTheTimeoutAndReplaced() throws {
        let server = try ServerProcess(workers: 2, arguments: ["--set", "timeout=2"])
        let stopped = server.workerPids[0]
        kill(stopped, SIGSTOP)
        #expect(eventually(within: 20) { !server.workerPids.contains(stopped) && server.workerPids.count == 2 })
        #expect(server.log.contains("worker pid \(stopped) (slot") && server.log.contains("sent no heartbeat"))
        // The worker is gone from the process table a moment before the supervisor reaps it and logs so.
        #expect(eventually(within: 5) {
            server.log.split(separator: "\n").contains { $0.contains("worker pid \(stopped) (") && $0.contains("was killed by signal 9 (SIGKILL)") }
        })
        for _ in 0..<10 {
            #expect(try server.request("GET", "/").status == 200)
        }
    }

    @Test func ttinAndTtouChangeTheWorkerCountButNeverBelowOne() throws {
        let server = try ServerProcess(workers: 2)
        server.signal(SIGTTIN)
        #expect(eventually(within: 30) { server.workerPids.count == 3 && server.log.contains("TTIN: 3 worker(s)") })
        #expect(eventually(within: 30) { server.log.contains("(slot 2, generation 0) ready in ") })
        server.signal(SIGTTOU)
        #expect(eventually(within: 30) { server.workerPids.count == 2 })
        server.signal(SIGTTOU)
        #expect(eventually(within: 30) { server.workerPids.count == 1 })
        server.signal(SIGTTOU)
        #expect(eventually(within: 10) { server.log.contains("TTOU ignored: never fewer than one worker") })
        #expect(server.workerPids.count == 1)
        #expect(try server.request("GET", "/").status == 200)
    }

    @Test func retiresWorkersAfterMaxRequestsWithoutAFailedRequest() throws {
        let server = try ServerProcess(workers: 1, arguments: ["--set", "max_requests=20", "--set", "max_requests_jitter=5"])
        var seen = Set(server.workerPids)
        var statuses: [Int] = []
        for _ in 0..<3000 where seen.count < 3 {
            statuses.append((try? server.request("POST", "/predict", body: HTTPTraffic.predictBody,
                                                 headers: ["Content-Type": "application/json"]).status) ?? 0)
            seen.formUnion(server.workerPids)
        }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses.filter { $0 != 200 })")
        #expect(seen.count >= 3, "\(server.log)")
        #expect(server.log.contains("requests (limit ") && server.log.contains("retiring"))
    }
}
