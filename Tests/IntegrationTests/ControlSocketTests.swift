import Foundation
import Glibc
import Testing
import TestSupport

/// `tagifai ctl` against a running `tagifai serve`: every command through the control socket.
@Suite(.timeLimit(.minutes(3)), .serialized) struct ControlSocketTests {
    /// A server whose control socket is in a scratch folder, with `tagifai ctl` aimed at it.
    struct Controlled {
        let scratch: ScratchFolder
        let socket: String
        let server: ServerProcess

        init(workers: Int = 2, arguments: [String] = [], errorlog: String? = nil, scratch: ScratchFolder? = nil) throws {
            self.scratch = try scratch ?? ScratchFolder()
            socket = self.scratch.path("tagifai.ctl")
            server = try ServerProcess(
                workers: workers, arguments: ["--set", "control_socket=\(socket)"] + arguments, errorlog: errorlog)
        }

        func ctl(_ arguments: String..., launcher: [String] = []) throws -> TagifaiBinary.Result {
            try ControlSocketTests.ctl(["--socket", socket] + arguments, launcher: launcher)
        }

        /// `ctl status --json`, parsed.
        func status() throws -> [String: Any] {
            let result = try ctl("status", "--json")
            try #require(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }

        /// The workers in the status, as (slot, pid, generation, state).
        func workers() throws -> [(slot: Int, pid: Int32, generation: Int, state: String)] {
            let rows = try #require(try status()["workers"] as? [[String: Any]])
            return rows.map {
                ($0["slot"] as? Int ?? -1, Int32($0["pid"] as? Int ?? -1), $0["generation"] as? Int ?? -1, $0["state"] as? String ?? "")
            }
        }

        /// Pids of the ready workers in the status.
        func readyPids() throws -> Set<Int32> { Set(try workers().filter { $0.state == "ready" }.map(\.pid)) }
    }

    /// Runs `tagifai ctl`, through `launcher` (setpriv) when given.
    static func ctl(_ arguments: [String], launcher: [String] = []) throws -> TagifaiBinary.Result {
        try TagifaiBinary.run(["ctl"] + arguments, launcher: launcher)
    }

    static let asNobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

    @Test func statusPrintsTheScoreboardAsTextAndJSON() throws {
        let controlled = try Controlled(workers: 2)
        let pids = controlled.server.workerPids
        let text = try controlled.ctl("status")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("SLOT  PID"), "\(text.stdout)")
        #expect(!text.stdout.split(separator: "\n").contains { $0.hasSuffix(" ") }, "a line ends in spaces: \(text.stdout)")
        #expect(text.stdout.contains("supervisor pid \(controlled.server.pid): 2 worker(s)"), "\(text.stdout)")
        for pid in pids { #expect(text.stdout.contains(" \(pid) "), "\(text.stdout)") }
        let json = try controlled.status()
        #expect(json["supervisor_pid"] as? Int == Int(controlled.server.pid))
        #expect(try controlled.readyPids() == Set(pids))
        let socket = try FileManager.default.attributesOfItem(atPath: controlled.socket)
        #expect((socket[.posixPermissions] as? Int) == 0o600)
    }

    @Test func workersScalesUpAndDownAndTheNextReloadRereadsTheCount() throws {
        let controlled = try Controlled(workers: 2)
        let up = try controlled.ctl("workers", "3")
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("3 worker(s), was 2") && up.stdout.contains("next reload"), "\(up.stdout)")
        #expect(try eventually(within: 30) { try controlled.readyPids().count == 3 })
        #expect(try controlled.ctl("workers", "1").status == 0)
        #expect(try eventually(within: 30) { try controlled.workers().count == 1 })
        #expect(try controlled.ctl("reload").status == 0)
        #expect(try eventually(within: 30) {
            let workers = try controlled.workers()
            return workers.count == 2 && workers.allSatisfy { $0.generation == 1 && $0.state == "ready" }
        }, "the reload runs the count of the command line again")
    }

    @Test func reloadStartsANewGenerationThatReplacesEveryWorker() throws {
        let controlled = try Controlled(workers: 2)
        let before = try controlled.readyPids()
        let reload = try controlled.ctl("reload", "--json")
        #expect(reload.status == 0, "\(reload.stderr)")
        let answer = try JSONSerialization.jsonObject(with: Data(reload.stdout.utf8)) as? [String: Any]
        #expect(answer?["generation"] as? Int == 1, "\(reload.stdout)")
        #expect(try eventually(within: 30) {
            let workers = try controlled.workers()
            return workers.count == 2 && workers.allSatisfy { $0.generation == 1 && $0.state == "ready" }
                && Set(workers.map(\.pid)).isDisjoint(with: before)
        })
    }

    @Test func recycleReplacesExactlyThatWorkerBySlotOrPid() throws {
        let controlled = try Controlled(workers: 2)
        let workers = try controlled.workers()
        try #require(workers.count == 2)
        let (first, second) = (workers[0], workers[1])
        let bySlot = try controlled.ctl("recycle", String(first.slot))
        #expect(bySlot.status == 0, "\(bySlot.stderr)")
        #expect(bySlot.stdout.contains("pid \(first.pid)"), "\(bySlot.stdout)")
        #expect(try eventually(within: 30) {
            let pids = try controlled.readyPids()
            return pids.count == 2 && pids.contains(second.pid) && !pids.contains(first.pid)
        })
        #expect(eventually(within: 30) { !ServerProcess.isRunning(first.pid) })
        #expect(ServerProcess.isRunning(second.pid))
        #expect(controlled.server.log.contains("worker pid \(first.pid) (slot \(first.slot), generation 0) exited with status 0"))

        let byPid = try controlled.ctl("recycle", String(second.pid))
        #expect(byPid.status == 0, "\(byPid.stderr)")
        #expect(try eventually(within: 30) { try !controlled.readyPids().contains(second.pid) && controlled.readyPids().count == 2 })
        let missing = try controlled.ctl("recycle", "4000000")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no live worker has slot or pid 4000000"), "\(missing.stderr)")
    }

    @Test func reopenLogsAfterTheLogFilesAreRenamed() throws {
        let scratch = try ScratchFolder()
        let (accessLog, errorLog) = (scratch.path("access.log"), scratch.path("error.log"))
        let controlled = try Controlled(workers: 1, arguments: ["--set", "accesslog=\(accessLog)"], errorlog: errorLog, scratch: scratch)
        #expect(try controlled.server.request("GET", "/?before=rotation").status == 200)
        #expect(eventually(within: 10) { contents(accessLog).contains("before=rotation") })
        for log in [accessLog, errorLog] { #expect(rename(log, log + ".1") == 0) }
        let reopen = try controlled.ctl("reopen-logs")
        #expect(reopen.status == 0, "\(reopen.stderr)")
        #expect(eventually(within: 10) {
            FileManager.default.fileExists(atPath: accessLog) && FileManager.default.fileExists(atPath: errorLog)
        })
        #expect(try controlled.server.request("GET", "/?after=rotation").status == 200)
        #expect(eventually(within: 10) { contents(accessLog).contains("after=rotation") })
        #expect(!contents(accessLog + ".1").contains("after=rotation"))
    }

    @Test func configShowsEffectiveValuesAndTheirSources() throws {
        let controlled = try Controlled(workers: 1, arguments: ["--set", "max_requests=500"])
        let text = try controlled.ctl("config")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("# config file: etc/tagifai.yaml"), "\(text.stdout)")
        #expect(text.stdout.contains("max_requests") && text.stdout.contains("= 500  (flag --set max_requests)"), "\(text.stdout)")
        #expect(text.stdout.contains("(file etc/tagifai.yaml line "), "\(text.stdout)")
        let json = try controlled.ctl("config", "--json")
        let settings = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["settings"] as? [[String: Any]])
        let workers = settings.first { $0["key"] as? String == "workers" }
        #expect(workers?["value"] as? Int == 1 && workers?["source"] as? String == "flag --workers", "\(String(describing: workers))")
    }

    @Test(arguments: [false, true])
    func stopEndsTheServerGracefullyOrFast(fast: Bool) throws {
        let controlled = try Controlled(workers: 2)
        let stop = fast ? try controlled.ctl("stop", "--fast") : try controlled.ctl("stop")
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains(fast ? "fast stop" : "graceful stop"), "\(stop.stdout)")
        #expect(controlled.server.waitForExit(within: 30) == 0, "log:\n\(controlled.server.log)")
        #expect(controlled.server.log.contains(fast ? "fast stop" : "TERM: graceful stop"), "log:\n\(controlled.server.log)")
        #expect(!FileManager.default.fileExists(atPath: controlled.socket), "the socket file goes with the server")
        let after = try controlled.ctl("status")
        #expect(after.status == 69)
        #expect(after.stderr.contains(controlled.socket) && after.stderr.contains("start it"), "\(after.stderr)")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run the client as another user"))
    func anotherUserIsRefusedByTheFileModeAndByThePeerCheck() throws {
        let controlled = try Controlled(workers: 1)
        let denied = try controlled.ctl("status", launcher: Self.asNobody)
        #expect(denied.status == 77)
        #expect(denied.stderr.contains("permission denied on control socket \(controlled.socket)"), "\(denied.stderr)")
        #expect(denied.stderr.contains("run the control command as the server's user or root"), "\(denied.stderr)")

        // With the file mode loosened, SO_PEERCRED still refuses, and the refusal is logged.
        #expect(chmod(controlled.socket, 0o666) == 0)
        for command in ["status", "stop"] {
            let refused = try controlled.ctl(command, launcher: Self.asNobody)
            #expect(refused.status == 77)
            #expect(refused.stderr.contains("uid 65534 may not use this control socket (only uid 0 and root)"), "\(refused.stderr)")
        }
        #expect(controlled.server.log.contains("refused pid"), "log:\n\(controlled.server.log)")
        #expect(controlled.server.log.contains("uid 65534"), "log:\n\(controlled.server.log)")
        #expect(try controlled.ctl("status").status == 0, "the server still runs and answers root")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to drop privileges"))
    func theSocketBelongsToTheUserTheServerDropsTo() throws {
        let controlled = try Controlled(workers: 1, arguments: ["--set", "user=65534", "--set", "group=65534"])
        var info = stat()
        #expect(stat(controlled.socket, &info) == 0)
        #expect(info.st_uid == 65534 && info.st_gid == 65534)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try controlled.ctl("status").status == 0, "root is answered")
    }

    @Test func ctlFindsTheSocketBesideThePidfileOfTheConfig() throws {
        let scratch = try ScratchFolder()
        let config = try scratch.write("tagifai.yaml", "model: \(PackageFiles.root.path)/models/tagifai\npidfile: run.pid\n")
        let server = try ServerProcess(workers: 1, arguments: ["--config", config])
        #expect(FileManager.default.fileExists(atPath: scratch.path("run.pid.ctl")), "log:\n\(server.log)")
        let status = try Self.ctl(["--config", config, "status"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("supervisor pid \(server.pid)"), "\(status.stdout)")
        let disabled = try ServerProcess(
            workers: 1, arguments: ["--config", config, "--pidfile", scratch.path("other.pid"), "--set", "control_socket_disable=true"])
        #expect(!FileManager.default.fileExists(atPath: scratch.path("other.pid.ctl")), "log:\n\(disabled.log)")
    }

    @Test func clientErrorsNameTheSocketAndWhatToDo() throws {
        let scratch = try ScratchFolder()
        let missing = try Self.ctl(["--socket", scratch.path("none.ctl"), "status"])
        #expect(missing.status == 69)
        #expect(missing.stderr.contains(scratch.path("none.ctl")) && missing.stderr.contains("--socket"), "\(missing.stderr)")
        let unknown = try Self.ctl(["--socket", scratch.path("none.ctl"), "restart"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("commands: status, workers, reload, recycle, reopen-logs, config, stop"), "\(unknown.stderr)")
        let noArgument = try Self.ctl(["--socket", scratch.path("none.ctl"), "workers"])
        #expect(noArgument.status == 64)
        let config = scratch.path("none.yaml")
        try Data("pidfile: null\n".utf8).write(to: URL(fileURLWithPath: config))
        let noSocket = try Self.ctl(["--config", config, "status"])
        #expect(noSocket.status == 69)
        #expect(noSocket.stderr.contains("sets neither control_socket nor pidfile"), "\(noSocket.stderr)")
    }

    @Test func aStaleSocketIsReplacedAndALiveOneRefusesTheStart() throws {
        let scratch = try ScratchFolder()
        let path = scratch.path("tagifai.ctl")
        // A socket file nobody listens on, as a crashed server leaves it.
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(bindUnixSocket(stale, to: path) == 0)
        close(stale)

        let controlled = try Controlled(workers: 1, scratch: scratch)
        #expect(try controlled.ctl("status").status == 0)

        let second = try ServerProcess(workers: 1, arguments: ["--set", "control_socket=\(path)"], waitForReady: false)
        #expect(second.waitForExit(within: 30) == 1, "log:\n\(second.log)")
        #expect(second.log.contains("control socket \(path): another server answers there"), "log:\n\(second.log)")
        #expect(try controlled.ctl("status").status == 0, "the first server keeps its socket")
    }
}
