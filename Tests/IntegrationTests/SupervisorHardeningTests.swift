import Foundation
import Glibc
import Testing
import TestSupport

/// The supervisor against its surroundings: a standard error nobody reads any more, and a root
/// start that drops to another user with a log file of its own.
@Suite(.timeLimit(.minutes(3)), .serialized) struct SupervisorHardeningTests {
    @Test func aClosedStderrDoesNotKillTheSupervisorOnReload() throws {
        let process = Process()
        process.executableURL = TagifaiBinary.url
        process.arguments = ["serve", "--bind", "127.0.0.1:0", "--workers", "1"]
        process.currentDirectoryURL = PackageFiles.root
        process.environment = testEnvironment()
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var workers = Set<Int32>()
        defer { process.killWithChildren(workers) }

        let seen = output.fileHandleForReading.read(until: "worker(s) ready", within: 30)
        try #require(seen.contains("worker(s) ready"), "the server did not become ready: \(seen)")
        let listening = try #require(seen.split(separator: "\n").first { $0.contains("listening at ") }, "\(seen)")
        let port = try #require(Int(listening.split(separator: ":").last ?? ""), "\(listening)")
        try output.fileHandleForReading.close()
        let first = Set(ProcessTable.children(of: process.processIdentifier))
        workers.formUnion(first)

        kill(process.processIdentifier, SIGHUP)
        #expect(eventually(within: 30) {
            let now = Set(ProcessTable.children(of: process.processIdentifier).filter { ProcessTable.state(of: $0) != "Z" })
            workers.formUnion(now)
            return now.count == 1 && now.isDisjoint(with: first) && (try? Self.status(port: port)) == 200
        })
        #expect(process.isRunning, "the supervisor died writing to a closed pipe")
        #expect(try Self.status(port: port) == 200)
    }

    @Test func aSymbolicLinkAsTheErrorLogStopsTheStartNamingIt() throws {
        let scratch = try ScratchFolder()
        let link = scratch.path("error.log")
        #expect(symlink(scratch.path("elsewhere"), link) == 0)
        let result = try TagifaiBinary.run(
            ["serve", "--bind", "127.0.0.1:0", "--set", "errorlog=\(link)"],
            environment: testEnvironment(), timeout: .seconds(60))
        #expect(result.status == 1)
        #expect(result.stderr.contains("errorlog \(link): is a symbolic link"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("elsewhere")))
    }

    @Test(.enabled(if: geteuid() == 0, "starting as root and dropping to nobody needs root"))
    func aRootStartWithAUserAndANewErrorLogServesWithTheLogOpenInEveryWorker() throws {
        let scratch = try ScratchFolder()
        #expect(chmod(scratch.url.path, 0o755) == 0)
        let path = scratch.path("new-error.log")
        let server = try ServerProcess(workers: 2, arguments: ["--set", "user=nobody"], errorlog: path)
        var info = stat()
        #expect(stat(path, &info) == 0)
        let nobody = try #require(getpwnam("nobody")).pointee
        #expect(info.st_uid == nobody.pw_uid && info.st_gid == nobody.pw_gid)
        #expect(try server.request("GET", "/").status == 200)
        let workers = server.workerPids
        #expect(workers.count == 2)
        for pid in workers {
            let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
                .compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)") }
            #expect(open.contains(path), "worker \(pid) (running as nobody) has not opened the error log")
        }
    }

    /// The status of `GET /` on a new connection.
    private static func status(port: Int) throws -> Int {
        let client = try RawHTTPClient(port: port, timeout: 5)
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return try client.readReply().status
    }
}
