import Foundation
import Glibc
import Testing
import TestSupport

/// `pidfile: auto` of the committed config: a server started as the README says is found by
/// `tagifai status` and `tagifai ctl` with no flags.
@Suite(.timeLimit(.minutes(3)), .serialized) struct RuntimePidfileTests {
    @Test func statusAndCtlFindAServerStartedFromTheCommittedConfig() throws {
        let server = try ServerProcess(workers: 1)
        let runtime = server.scratch.path("run")
        let environment = testEnvironment(["XDG_RUNTIME_DIR": runtime])
        let status = try TagifaiBinary.run(["status", "--json"], environment: environment, currentDirectory: PackageFiles.root)
        #expect(status.status == 0, "\(status.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect((report["supervisor_pid"] as? Int).map(Int32.init) == server.pid)
        let ctl = try TagifaiBinary.run(["ctl", "status"], environment: environment, currentDirectory: PackageFiles.root)
        #expect(ctl.status == 0, "\(ctl.stderr)")
        #expect(ctl.stdout.contains("supervisor pid \(server.pid)"), "\(ctl.stdout)")

        let folder = runtime + "/tagifai"
        var info = stat()
        #expect(lstat(folder, &info) == 0 && info.st_mode & 0o777 == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files.count == 2 && files[0].hasPrefix("tagifai-") && files[0].hasSuffix(".pid") && files[1] == files[0] + ".ctl", "\(files)")
        let pid = try String(contentsOfFile: folder + "/" + files[0], encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(pid == String(server.pid))
    }

    @Test func anUnsafeRuntimeFolderIsNotUsedAndTheServerStillRuns() throws {
        let scratch = try ScratchFolder("runtime")
        #expect(mkdir(scratch.path("tagifai"), 0o777) == 0 && chmod(scratch.path("tagifai"), 0o777) == 0)
        let server = try ServerProcess(workers: 1, environment: ["XDG_RUNTIME_DIR": scratch.url.path])
        #expect(server.log.contains(
            "pidfile auto: the runtime folder \(scratch.path("tagifai")) is not safe to use: its mode 777 lets others in"), "\(server.log)")
        #expect(server.log.contains("serving without a pidfile, so status and ctl need --pidfile or --socket"), "\(server.log)")
        #expect(try server.request("GET", "/").status == 200)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("tagifai")).isEmpty)
    }
}
