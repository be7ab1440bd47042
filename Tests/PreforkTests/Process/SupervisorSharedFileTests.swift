import Foundation
import Glibc
import Testing
import TestSupport

/// Files the supervisor shares with its workers: one sealed copy per generation, mapped read-only.
@Suite(.timeLimit(.minutes(3)), .serialized) struct SupervisorSharedFileTests {
    /// Bytes of a recognisable pattern, different for each `seed`.
    private static func contents(count: Int, seed: UInt64) -> Data {
        var random = SeededRandom(seed: seed)
        return Data((0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) })
    }

    /// A test server of `workers` sharing `weights.bin`, a file of `count` bytes made from `seed`,
    /// with the folder that holds the file (removed when the test drops it) and the bytes.
    private static func server(workers: Int, sharing count: Int, seed: UInt64) throws
        -> (server: TestServer, path: String, contents: Data, scratch: ScratchFolder)
    {
        let scratch = try ScratchFolder("shared")
        let path = scratch.path("weights.bin")
        let contents = contents(count: count, seed: seed)
        try contents.write(to: URL(fileURLWithPath: path))
        return (try TestServer(["workers": "\(workers)", "shared_file": path]), path, contents, scratch)
    }

    /// Overwrites `path` in place, as `cp` does: truncated, then written (never a rename).
    private static func overwrite(_ path: String, with data: Data) {
        let fd = open(path, O_WRONLY | O_TRUNC)
        precondition(fd >= 0)
        data.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    @Test func workersServeTheFilesBytesUntilAReloadCopiesItAgain() throws {
        let (server, path, first, scratch) = try Self.server(workers: 2, sharing: 300_000, seed: 1)
        defer { withExtendedLifetime(scratch) {} }
        let answer = try #require(server.ask())
        #expect(answer.sharedDigest == fnv1aHex(first))

        let second = Self.contents(count: 100_000, seed: 2)
        Self.overwrite(path, with: second)
        let later = try #require(server.ask())
        #expect(later.generation == 0 && later.sharedDigest == fnv1aHex(first), "a serving worker's bytes never change")

        server.signal(SIGHUP)
        var reloaded: WorkerAnswer?
        #expect(eventually(within: 15) {
            reloaded = server.ask()
            return reloaded?.generation == 1
        })
        #expect(reloaded?.sharedDigest == fnv1aHex(second))
    }

    @Test func aReloadWhoseFileCannotBeReadLeavesTheOldGenerationServing() throws {
        let (server, path, contents, scratch) = try Self.server(workers: 1, sharing: 50_000, seed: 3)
        defer { withExtendedLifetime(scratch) {} }
        let old = server.workerPids
        try FileManager.default.removeItem(atPath: path)
        server.signal(SIGHUP)
        #expect(eventually(within: 10) { server.log.contains("reload failed") })
        #expect(server.log.contains("reload failed, generation 0 keeps serving: cannot load \(path) to share with the workers: No such file or directory"))
        let answer = try #require(server.ask())
        #expect(answer.generation == 0 && answer.sharedDigest == fnv1aHex(contents))
        #expect(server.workerPids == old)
    }

    @Test func startupFailsNamingAFileThatCannotBeRead() throws {
        let scratch = try ScratchFolder("shared")
        let path = scratch.path("missing.bin")
        let server = try TestServer(["workers": "1", "shared_file": path], waitForReady: false)
        #expect(server.waitForExit(within: 15) == 1)
        #expect(server.log.contains("cannot load \(path) to share with the workers: No such file or directory"))
        #expect(server.workerPids.isEmpty)
    }

    /// Each of N workers maps the same pages: its proportional share of the mapping is size/N.
    @Test func theMappingIsCountedOnceForAllWorkers() throws {
        let (size, workers) = (4 << 20, 3)
        let (server, _, _, scratch) = try Self.server(workers: workers, sharing: size, seed: 4)
        defer { withExtendedLifetime(scratch) {} }
        let pids = server.workerPids
        #expect(pids.count == workers)
        let sizeKiB = Double(size / 1024)
        for pid in pids {
            let usage = try #require(ProcessTable.mapping(of: pid, named: "memfd:prefork-shared:weights.bin"))
            #expect(Double(usage.rssKiB) == sizeKiB, "worker \(pid) has the whole file resident")
            let share = Double(usage.pssKiB)
            #expect(abs(share - sizeKiB / Double(workers)) <= sizeKiB * 0.02, "worker \(pid)'s PSS \(usage.pssKiB) kB")
        }
    }

}
