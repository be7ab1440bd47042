import Foundation
import Testing
import TestSupport

/// `max_worker_rss` and `max_worker_lifetime` on a real server under keep-alive load: workers past
/// either are replaced the rolling way (the new one ready before the old one drains), the log says
/// why, the restarts are counted by reason, and no request fails.
@Suite(.timeLimit(.minutes(3)), .serialized) struct WorkerRecyclingTests {
    /// Runs `settings` under load until `recycles` workers have been replaced, then checks the load
    /// and the counts; `why` is in the log line of each replacement.
    private func recycle(_ settings: [String], reason: String, why: String, recycles: Int) throws {
        let scratch = try ScratchFolder()
        let pidfile = scratch.path("tagifai.pid")
        let server = try ServerProcess(workers: 2, arguments: ["--pidfile", pidfile] + settings.flatMap { ["--set", $0] })
        let traffic = HTTPTrafficLoop(port: server.port)
        defer { _ = traffic.stop() }
        let first = Set(server.workerPids)
        #expect(eventually(within: 60) {
            server.log.split(separator: "\n").count { $0.contains(why) && $0.hasSuffix(": retiring") } >= recycles
                && Set(server.workerPids).isDisjoint(with: first)
        }, "\(server.log.suffix(2000))")
        let answered = traffic.answered
        #expect(eventually(within: 10) { traffic.answered > answered + 20 }, "still serving after the replacements")
        let outcome = traffic.stop()
        #expect(outcome.failures.isEmpty, "\(outcome.failures.prefix(5))")
        // A replacement is counted when the worker it replaced has drained and exited.
        func restarts() -> [String: Int] {
            guard let status = try? TagifaiBinary.run(["status", "--json", "--pidfile", pidfile]),
                  let report = try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any] else { return [:] }
            return report["restarts"] as? [String: Int] ?? [:]
        }
        #expect(eventually(within: 30) { (restarts()[reason] ?? 0) >= recycles }, "\(restarts())")
        #expect(restarts()["crash"] == 0 && restarts()["timeout"] == 0)
    }

    /// A bound below what any worker holds (about 25 MiB): every worker is replaced once it is ready.
    @Test func workersPastMaxWorkerRSSAreReplacedWithoutAFailedRequest() throws {
        try recycle(["max_worker_rss=1"], reason: "max_worker_rss", why: "(max_worker_rss 1 MiB)", recycles: 4)
    }

    @Test func workersPastMaxWorkerLifetimeAreReplacedWithoutAFailedRequest() throws {
        try recycle(["max_worker_lifetime=1", "max_worker_lifetime_jitter=1"], reason: "max_worker_lifetime",
                    why: "(max_worker_lifetime ", recycles: 4)
    }
}
