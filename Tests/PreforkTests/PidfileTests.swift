import Foundation
import Glibc
import Synchronization
import Testing
@testable import Prefork
import TestSupport

@Suite(.timeLimit(.minutes(3))) struct PidfileTests {
    /// A pid no process can have: pids stay below the kernel's `pid_max`.
    private var deadPID: pid_t {
        get throws { try #require(pid_t(readTextFile(atPath: "/proc/sys/kernel/pid_max").trimmingWhitespace)) }
    }

    private func write(_ text: String, to path: String) {
        let fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
    }

    @Test func createsWithThePidAndRemovesOnlyItsOwn() throws {
        let path = temporaryPath("create.pid")
        let pidfile = try Pidfile.create(at: path)
        #expect(try readTextFile(atPath: path) == "\(getpid())\n")
        #expect(Pidfile.readPID(at: path) == getpid())
        pidfile.remove()
        #expect(FileIdentity(path: path) == nil)
    }

    @Test func refusesAFileHeldByALiveProcess() throws {
        let path = temporaryPath("live.pid")
        write("\(getppid())\n", to: path)
        defer { unlink(path) }
        let error = #expect(throws: PidfileError.self) { try Pidfile.create(at: path) }
        #expect(error == .heldByLiveProcess(path: path, pid: getppid()))
        #expect(error?.description.hasPrefix("pidfile \(path): held by running process \(getppid()) (stop that server first") == true)
        #expect(Pidfile.readPID(at: path) == getppid())
    }

    @Test(arguments: ["dead pid", "not a pid", ""])
    func takesOverAStaleFile(contents: String) throws {
        let path = temporaryPath("stale.pid")
        write(contents == "dead pid" ? "\(try deadPID)\n" : contents, to: path)
        let pidfile = try Pidfile.create(at: path)
        defer { pidfile.remove() }
        #expect(Pidfile.readPID(at: path) == getpid())
    }

    @Test func leavesAFileAnotherServerRewrote() throws {
        let path = temporaryPath("rewritten.pid")
        let pidfile = try Pidfile.create(at: path)
        write("\(getppid())\n", to: path)
        defer { unlink(path) }
        pidfile.remove()
        #expect(Pidfile.readPID(at: path) == getppid())
    }

    @Test func movesAsideForABinaryUpgradeAndBack() throws {
        let path = temporaryPath("upgrade.pid")
        var old = try Pidfile.create(at: path)
        try old.move(to: Pidfile.upgradePath(for: path))
        #expect(old.path == path + ".oldbin")
        #expect(FileIdentity(path: path) == nil)
        #expect(Pidfile.readPID(at: path + ".oldbin") == getpid())
        // The new binary's supervisor can now create the pidfile; when it fails, the old one moves back.
        try old.move(to: path)
        #expect(FileIdentity(path: path + ".oldbin") == nil)
        #expect(Pidfile.readPID(at: path) == getpid())
        old.remove()
    }

    @Test func namesTheFixWhenTheDirectoryIsMissing() {
        let path = temporaryPath("missing") + "/tagifai.pid"
        let error = #expect(throws: PidfileError.self) { try Pidfile.create(at: path) }
        #expect(error?.description == "pidfile \(path): cannot create: No such file or directory (create its directory, or change pidfile)")
    }
}

@Suite(.timeLimit(.minutes(3))) struct PidfileTakeoverRaceTests {
    /// Two servers take over the same stale file at once: this test plays the first, holding the
    /// takeover lock between its check and its rename, while `create` plays the second. The
    /// second must wait, look again, and find the first alive rather than both winning.
    @Test func aSecondTakerWaitsForTheFirstAndFindsItAlive() throws {
        let path = temporaryPath("race.pid")
        defer { unlink(path) }
        let dead = try #require(pid_t(readTextFile(atPath: "/proc/sys/kernel/pid_max").trimmingWhitespace))
        let first = getppid()
        writeFile(path, "\(dead)\n")
        let lock = open(path, O_RDONLY)
        #expect(flock(lock, LOCK_EX) == 0)

        let outcome = Outcome()
        Thread.detachNewThread {
            let result = Result { () throws(PidfileError) in try Pidfile.create(at: path, pid: getpid()) }
            outcome.result.withLock { $0 = result }
        }
        // The race is on once the second taker is blocked on the lock (the kernel lists it as
        // waiting in /proc/locks): only then does the first one finish its takeover.
        var lockedFile = stat()
        #expect(fstat(lock, &lockedFile) == 0)
        let waiting = eventually(within: 10) { Self.someoneWaitsForALock(onInode: lockedFile.st_ino) }
        #expect(waiting, "the second taker never waited on the takeover lock")
        let finishedWhileLocked = outcome.result.withLock { $0 != nil }
        writeFile(path + ".first", "\(first)\n")
        #expect(rename(path + ".first", path) == 0)
        close(lock)

        #expect(eventually(within: 10) { outcome.result.withLock { $0 != nil } })
        #expect(!finishedWhileLocked, "the second taker did not wait for the first one's lock")
        let result = try #require(outcome.result.withLock { $0 })
        #expect(throws: PidfileError.heldByLiveProcess(path: path, pid: first)) { try result.get() }
        #expect(Pidfile.readPID(at: path) == first)
    }

    /// Whether /proc/locks lists a blocked lock request (`->`) on the file with inode `inode`.
    private static func someoneWaitsForALock(onInode inode: ino_t) -> Bool {
        let locks = (try? readTextFile(atPath: "/proc/locks")) ?? ""
        return locks.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count > 6 && fields[1] == "->" && fields[6].hasSuffix(":\(inode)")
        }
    }

    private final class Outcome: Sendable {
        let result = Mutex<Result<Pidfile, PidfileError>?>(nil)
    }

    private func writeFile(_ path: String, _ text: String) {
        let fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }
}
