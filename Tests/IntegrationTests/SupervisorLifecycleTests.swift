import Foundation
import Glibc
import Testing
import TestSupport

/// `tagifai serve` starting, refusing to start, stopping and reopening its logs.
@Suite(.timeLimit(.minutes(3)), .serialized) struct SupervisorLifecycleTests {
    @Test func aCorruptModelStopsTheServerWithStatusThreeAndNoWorkerLeft() throws {
        let scratch = try ScratchFolder()
        let corrupt = try scratch.copyOfCommittedModel("corrupt")
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: corrupt + "/model.bin"))
        let server = try ServerProcess(workers: 2, arguments: ["--model", corrupt], waitForReady: false)
        #expect(server.waitForExit(within: 60) == 3)
        #expect(server.log.contains("a worker failed to boot, stopping: "))
        #expect(server.log.contains(corrupt))
        #expect(server.workerPids.isEmpty)
    }

    @Test func anUnknownKeyIsNamedWithASuggestionAndTheServerDoesNotStart() throws {
        let scratch = try ScratchFolder()
        let config = try scratch.write("tagifai.yaml", "workers: 2\nthread: 4\n")
        let result = try TagifaiBinary.run(
            ["serve", "--config", config, "--bind", "127.0.0.1:0"], environment: testEnvironment(), timeout: .seconds(60))
        #expect(result.status == 78, "serve exits EX_CONFIG")
        #expect(result.stderr.contains("config \(config) line 2: unknown key \"thread\" (did you mean \"threads\"?)"), "\(result.stderr)")
        #expect(!result.stderr.contains("listening at"))
    }

    @Test func aWrongTypeOrAnOutOfRangeValueIsNamedAndTheServerDoesNotStart() throws {
        let scratch = try ScratchFolder()
        let config = try scratch.write("tagifai.yaml", "timeout: soon\n")
        let wrongType = try TagifaiBinary.run(
            ["serve", "--config", config, "--bind", "127.0.0.1:0"], environment: testEnvironment(), timeout: .seconds(60))
        #expect(wrongType.status == 78)
        #expect(wrongType.stderr.contains(config) && wrongType.stderr.contains("timeout") && wrongType.stderr.contains("soon"),
                "\(wrongType.stderr)")
        let outOfRange = try TagifaiBinary.run(
            ["serve", "--bind", "127.0.0.1:0"], environment: testEnvironment(["TAGIFAI_WORKERS": "0"]), timeout: .seconds(60))
        #expect(outOfRange.status == 78)
        #expect(outOfRange.stderr.contains("TAGIFAI_WORKERS") && outOfRange.stderr.contains("0"), "\(outOfRange.stderr)")
        #expect(!outOfRange.stderr.contains("listening at"))
    }

    @Test func termStopsEveryProcessAndRemovesThePidfile() throws {
        let scratch = try ScratchFolder()
        let pidfile = scratch.path("tagifai.pid")
        let server = try ServerProcess(workers: 2, arguments: ["--pidfile", pidfile])
        let written = try String(contentsOfFile: pidfile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(written == String(server.pid))
        let workers = server.workerPids
        #expect(workers.count == 2)
        server.signal(SIGTERM)
        #expect(server.waitForExit(within: 40) == 0)
        #expect(!FileManager.default.fileExists(atPath: pidfile))
        #expect(workers.allSatisfy { ProcessTable.state(of: $0) == nil })
    }

    @Test func aPidfileHeldByALiveProcessStopsTheStartAndAStaleOneIsTakenOver() throws {
        let scratch = try ScratchFolder()
        let pidfile = try scratch.write("tagifai.pid", "\(getpid())\n")
        let refused = try TagifaiBinary.run(
            ["serve", "--bind", "127.0.0.1:0", "--workers", "1", "--pidfile", pidfile],
            environment: testEnvironment(), timeout: .seconds(60))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(pidfile) && refused.stderr.contains("\(getpid())"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: pidfile, encoding: .utf8) == "\(getpid())\n", "a live process's pidfile is left alone")

        let pidMax = try String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8)
        try scratch.write("tagifai.pid", pidMax)
        let server = try ServerProcess(workers: 1, arguments: ["--pidfile", pidfile])
        let written = try String(contentsOfFile: pidfile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(written == String(server.pid))
    }

    @Test func usr1ReopensTheAccessAndErrorLogsAfterARename() throws {
        let scratch = try ScratchFolder()
        let (accessLog, errorLog) = (scratch.path("access.log"), scratch.path("error.log"))
        let server = try ServerProcess(workers: 1, arguments: ["--set", "accesslog=\(accessLog)"], errorlog: errorLog)
        #expect(try server.request("GET", "/?before=rotation").status == 200)
        #expect(eventually(within: 10) { contents(accessLog).contains("before=rotation") })
        let workers = server.workerPids
        for log in [accessLog, errorLog] { #expect(rename(log, log + ".1") == 0) }

        server.signal(SIGUSR1)
        #expect(eventually(within: 10) { contents(errorLog + ".1").contains("USR1: reopening log files") })
        #expect(eventually(within: 10) {
            FileManager.default.fileExists(atPath: accessLog) && FileManager.default.fileExists(atPath: errorLog)
        })
        #expect(try server.request("GET", "/?after=rotation").status == 200)
        #expect(eventually(within: 10) { contents(accessLog).contains("after=rotation") })
        #expect(!contents(accessLog + ".1").contains("after=rotation"))
        server.signal(SIGTTIN)
        #expect(eventually(within: 30) { contents(errorLog).contains("(slot 1, generation 0) ready in ") })
        #expect(contents(errorLog).contains("TTIN: 2 worker(s)"))
        #expect(!contents(errorLog + ".1").contains("TTIN"))
        #expect(workers.allSatisfy(server.workerPids.contains), "USR1 restarts no worker")
    }
}
