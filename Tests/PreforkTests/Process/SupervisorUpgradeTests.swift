import TestSupport
import Foundation
import Glibc
import Prefork
import Testing

@Suite(.serialized) struct SupervisorUpgradeTests {
    @Test func usr2StartsANewSupervisorThatTakesOverWhenTheOldOneIsStopped() throws {
        let scratch = try ScratchFolder("upgrade")
        let pidfile = scratch.path("server.pid")
        let server = try TestServer(["workers": "2", "pidfile": pidfile])
        let oldWorkers = Set(server.workerPids)
        server.signal(SIGUSR2)
        #expect(eventually(within: 10) { readPid(pidfile).map { $0 != server.pid } ?? false })
        let newSupervisor = try #require(readPid(pidfile))
        defer { stopProcessTree(newSupervisor) }
        #expect(readPid(pidfile + ".oldbin") == server.pid)
        #expect(eventually(within: 10) { server.log.components(separatedBy: "all 2 worker(s) ready").count == 3 })
        #expect(Set(server.workerPids).isSuperset(of: oldWorkers), "the old supervisor keeps serving until TERM")
        #expect(controlSocketAnswers(pidfile + ".ctl") == newSupervisor, "the new supervisor takes the control socket over")

        server.signal(SIGTERM)
        // Foundation's Process notices the exit only once the new supervisor, which shares
        // the old one's inherited descriptors, is gone too: watch /proc instead.
        #expect(eventually(within: 10) { [nil, "Z"].contains(ProcessTable.state(of: server.pid)) })
        #expect(!FileManager.default.fileExists(atPath: pidfile + ".oldbin"))
        #expect(readPid(pidfile) == newSupervisor)
        let answer = try #require(server.ask(), "the new supervisor's workers accept on the inherited socket")
        #expect(!oldWorkers.contains(answer.pid))
        #expect(ProcessTable.children(of: newSupervisor).contains(answer.pid))
        #expect(controlSocketAnswers(pidfile + ".ctl") == newSupervisor, "the old one leaves the socket file in place")
        kill(newSupervisor, SIGTERM)
        #expect(eventually(within: 10) { ProcessTable.state(of: newSupervisor) == nil || ProcessTable.state(of: newSupervisor) == "Z" })
        #expect(!FileManager.default.fileExists(atPath: pidfile))
        #expect(!FileManager.default.fileExists(atPath: pidfile + ".ctl"))
    }
}

/// The pid of the supervisor that answers `status` on the control socket at `path`.
private func controlSocketAnswers(_ path: String) -> Int32? {
    let status = (try? ControlClient(socketPath: path).send(.status))?["status"]
    return status?["supervisor_pid"]?.integer.map { Int32($0) }
}

private func readPid(_ path: String) -> Int32? {
    (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
}

/// Kills a supervisor started outside `TestServer` and its workers, if still running.
private func stopProcessTree(_ pid: Int32) {
    for child in ProcessTable.children(of: pid) { kill(child, SIGKILL) }
    kill(pid, SIGKILL)
}
