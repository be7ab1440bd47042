import TestSupport
import Foundation
import Glibc
import Testing

/// The real supervisor and worker processes, checked by their effects.
@Suite(.timeLimit(.minutes(3)), .serialized) struct SupervisorProcessTests {
    @Test func startsTheConfiguredWorkersAndEachOneAnswers() throws {
        let server = try TestServer(["workers": "3"])
        #expect(server.workerPids.count == 3)
        // Which worker wins a connection on the shared socket is the kernel's and the scheduler's
        // choice: ask until each has answered, for as long as a loaded machine may need.
        var answered: Set<Int32> = []
        _ = eventually(within: 60) {
            if let answer = server.ask() { answered.insert(answer.pid) }
            return answered.count == 3
        }
        #expect(answered == Set(server.workerPids))
        #expect(server.workerPids.allSatisfy { ProcessTable.title(of: $0).hasPrefix("prefork-test: worker ") })
        #expect(ProcessTable.title(of: server.pid).hasPrefix("prefork-test: master [\(server.configURL.path)]"))
    }

    @Test func replacesAKilledWorkerInTheSameSlot() throws {
        let server = try TestServer(["workers": "2"])
        let (victim, survivor) = (server.workerPids[0], server.workerPids[1])
        let slot = try #require(server.log.split(separator: "\n").first { $0.contains("worker pid \(victim) (slot") })
            .split(separator: "(slot ")[1].prefix { $0.isNumber }
        kill(victim, SIGKILL)
        #expect(eventually(within: 5) { !server.workerPids.contains(victim) && server.workerPids.count == 2 })
        #expect(server.log.contains("worker pid \(victim) (slot \(slot), generation 0) was killed by signal 9 (SIGKILL), perhaps out of memory"))
        let replacement = try #require(server.workerPids.first { $0 != survivor })
        #expect(eventually(within: 5) { server.log.contains("worker pid \(replacement) (slot \(slot), generation 0) ready") })
    }

    @Test func killsAndReplacesAStoppedWorkerAfterTheTimeout() throws {
        let server = try TestServer(["workers": "2", "timeout": "2"])
        let stopped = server.workerPids[0]
        kill(stopped, SIGSTOP)
        #expect(eventually(within: 10) { !server.workerPids.contains(stopped) })
        #expect(server.log.contains("worker pid \(stopped)") && server.log.contains("sent no heartbeat"))
        #expect(eventually(within: 5) { server.workerPids.count == 2 })
        #expect(try server.workerPids.contains(#require(server.ask()).pid), "answered by a live worker")
    }

    @Test func abortsAndReplacesABusyLoopingWorkerAfterTheTimeout() throws {
        let server = try TestServer(["workers": "1", "timeout": "2", "hang_after": "1"])
        let spinning = try #require(server.ask()).pid
        #expect(eventually(within: 10) { !server.workerPids.contains(spinning) && server.workerPids.count == 1 })
        #expect(server.log.contains("worker pid \(spinning) (slot 0, generation 0) sent no heartbeat"))
        // SIGABRT may end it, or the Swift runtime's backtracer may outlast the grace and SIGKILL does;
        // the replacement starts at once, so the old worker may be reaped after it.
        #expect(eventually(within: 5) { server.log.contains("worker pid \(spinning) (slot 0, generation 0) was killed by signal") })
    }

    @Test func replacesAWorkerThatCrashes() throws {
        let server = try TestServer(["workers": "1", "crash_after": "1"])
        let crashed = try #require(server.ask()).pid
        #expect(eventually(within: 5) { server.log.contains("worker pid \(crashed) (slot 0, generation 0) exited with status 1") })
        let next = try #require(server.ask())
        #expect(next.pid != crashed && next.slot == 0)
    }

    /// Workers that write garbage over their slots, leave the retire sequence odd and try to shrink
    /// the scoreboard; the supervisor (reading it every tick, and for systemd's STATUS) must go on
    /// replacing a killed worker.
    @Test func workersWritingGarbageOverTheScoreboardLeaveTheSupervisorWorking() throws {
        let notify = try NotifySocket()
        let server = try TestServer(["workers": "2", "scribble_scoreboard": "1"], environment: ["NOTIFY_SOCKET": notify.path])
        #expect(eventually(within: 10) { server.log.components(separatedBy: "scribbled over slot").count == 3 })
        #expect(!server.log.contains("truncate succeeded"))
        let victim = server.workerPids[0]
        kill(victim, SIGKILL)
        #expect(eventually(within: 10) {
            server.workerPids.count == 2 && !server.workerPids.contains(victim)
                && server.workerPids.allSatisfy { server.log.contains("worker \($0) scribbled") }
        })
        #expect(server.process.isRunning)
        #expect(try server.workerPids.contains(#require(server.ask()).pid), "answered by a live worker")
    }

    @Test func ttinAndTtouChangeTheWorkerCountButNeverBelowOne() throws {
        let server = try TestServer(["workers": "2"])
        server.signal(SIGTTIN)
        #expect(eventually(within: 5) { server.workerPids.count == 3 })
        server.signal(SIGTTOU)
        #expect(eventually(within: 5) { server.workerPids.count == 2 })
        server.signal(SIGTTOU)
        #expect(eventually(within: 5) { server.workerPids.count == 1 })
        server.signal(SIGTTOU)
        #expect(eventually(within: 5) { server.log.contains("TTOU ignored") })
        #expect(server.workerPids.count == 1)
        #expect(try server.workerPids.contains(#require(server.ask()).pid), "answered by a live worker")
    }

    @Test func hupStartsANewGenerationWithoutAFailedConnection() throws {
        let server = try TestServer(["workers": "2", "boot_delay_ms": "300"])
        let old = Set(server.workerPids)
        let client = LoopingClient(server: server)
        #expect(eventually(within: 5) { client.answered > 20 })
        server.signal(SIGHUP)
        #expect(eventually(within: 15) {
            let now = Set(server.workerPids)
            return now.count == 2 && now.isDisjoint(with: old)
        })
        let answeredAfterReload = client.answered
        #expect(eventually(within: 5) { client.answered > answeredAfterReload + 20 })
        let result = client.stop()
        #expect(result.failed == 0)
        #expect(result.generations.contains(0) && result.generations.contains(1))
        #expect(server.ask()?.generation == 1)
    }

    @Test func aGenerationThatCannotBootLeavesTheOldOneServing() throws {
        let server = try TestServer(["workers": "2"])
        let old = Set(server.workerPids)
        try server.writeConfig(["bind": "127.0.0.1:\(server.port)", "workers": "2", "fail_boot": "model models/broken.json is corrupt"])
        server.signal(SIGHUP)
        #expect(eventually(within: 10) { server.log.contains("reload failed") })
        #expect(server.log.contains("model models/broken.json is corrupt"))
        #expect(eventually(within: 5) { Set(server.workerPids) == old })
        #expect(server.ask()?.generation == 0)
    }

    @Test func exitsWithStatusThreeAndTheWorkersMessageWhenNoWorkerCanBoot() throws {
        let server = try TestServer(["workers": "2", "fail_boot": "model models/missing.json not found"], waitForReady: false)
        #expect(server.waitForExit(within: 15) == 3)
        #expect(server.log.contains("model models/missing.json not found"))
        #expect(server.workerPids.isEmpty)
    }

    @Test func termStopsEveryProcessAndRemovesThePidfile() throws {
        let scratch = try ScratchFolder("pidfile")
        let pidfile = scratch.path("server.pid")
        let server = try TestServer(["workers": "2", "pidfile": pidfile])
        #expect(FileManager.default.fileExists(atPath: pidfile))
        let workers = server.workerPids
        server.signal(SIGTERM)
        #expect(server.waitForExit(within: 10) == 0)
        #expect(!FileManager.default.fileExists(atPath: pidfile))
        #expect(workers.allSatisfy { ProcessTable.state(of: $0) == nil })
    }

    @Test func intStopsAtOnce() throws {
        let server = try TestServer(["workers": "2", "graceful_timeout": "30"])
        let workers = server.workerPids
        server.signal(SIGINT)
        #expect(server.waitForExit(within: 5) == 0)
        #expect(workers.allSatisfy { ProcessTable.state(of: $0) == nil })
    }

    @Test func workersExitWhenTheSupervisorIsKilled() throws {
        let server = try TestServer(["workers": "2"])
        let workers = server.workerPids
        server.signal(SIGKILL)
        #expect(eventually(within: 5) { workers.allSatisfy { [nil, "Z"].contains(ProcessTable.state(of: $0)) } })
    }

    @Test func usr1ReopensLogsAndLeavesWorkersRunning() throws {
        let server = try TestServer(["workers": "2"])
        let workers = Set(server.workerPids)
        server.signal(SIGUSR1)
        #expect(eventually(within: 5) { server.log.contains("USR1: reopening log files") })
        #expect(try workers.contains(#require(server.ask()).pid), "answered by a worker that was running before USR1")
        #expect(Set(server.workerPids) == workers)
    }

    @Test func retiresAWorkerAfterMaxRequestsWithoutDroppingAConnection() throws {
        let server = try TestServer(["workers": "1", "max_requests": "5"])
        var pids: Set<Int32> = []
        var failed = 0
        // The arbiter retires a worker on its next tick, so the worker serves on until then: ask
        // until two replacements have answered, each question waiting for its answer.
        let replaced = eventually(within: 15) {
            if let answer = server.ask() { pids.insert(answer.pid) } else { failed += 1 }
            return pids.count >= 3
        }
        #expect(replaced, "workers seen: \(pids)")
        #expect(failed == 0)
        #expect(server.log.contains("retiring"))
    }

    @Test func takesItsSocketFromSystemdSocketActivation() throws {
        // The test binds the socket and systemd-socket-activate passes it on, as it does one systemd gave it.
        let listeners = try InheritedListeners(.systemd)
        let port = listeners.ports[0]
        let server = try TestServer(
            ["workers": "2", "bind": "127.0.0.1:1"],
            launcher: ["/usr/bin/systemd-socket-activate"], listeners: listeners, waitForReady: false)
        #expect(eventually(within: 10) { server.log.contains("Listening on 127.0.0.1:\(port)") })
        server.port = port
        let answer = try #require(server.ask(), "the connection that activated the service is served")
        #expect(server.workerPids.contains(answer.pid))
        #expect(server.log.contains("using 1 socket(s) from systemd"))
        #expect(eventually(within: 5) { server.log.contains("all 2 worker(s) ready") })
    }
}
