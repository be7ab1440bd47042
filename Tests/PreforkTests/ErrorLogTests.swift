import Glibc
import Logging
import Testing
@testable import Prefork

@Suite struct ErrorLogTests {
    /// A logger writing through `log` with gunicorn's line format, as `bootstrap()` would set up.
    private func logger(_ log: ErrorLog, label: String = "test") -> Logger {
        Logger(label: label) { label in ErrorLogHandler(log: log, label: label) }
    }

    private func lines(_ path: String) throws -> [String] {
        try readTextFile(atPath: path).split(separator: "\n").map(String.init)
    }

    @Test func writesOneLineInGunicornsLayout() throws {
        let path = temporaryPath("error.log")
        defer { unlink(path) }
        let log = try ErrorLog(destination: path, level: .info)
        var logger = logger(log)
        logger[metadataKey: "slot"] = "2"
        logger.info("worker ready", metadata: ["generation": "1"])
        let written = try lines(path)
        #expect(written.count == 1)
        let line = try #require(written.first)
        let pattern = #/^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4})\] \[(\d+)\] \[INFO\] worker ready generation=1 slot=2$/#
        let match = try #require(line.wholeMatch(of: pattern), "\(line)")
        #expect(Int32(match.2) == getpid())
    }

    @Test func dropsMessagesBelowTheLevel() throws {
        let path = temporaryPath("level.log")
        defer { unlink(path) }
        let logger = logger(try ErrorLog(destination: path, level: .warning))
        logger.debug("debug line")
        logger.info("info line")
        logger.warning("warning line")
        logger.error("error line")
        logger.critical("critical line")
        let levels = try lines(path).map { $0.split(separator: "] ")[2] }
        #expect(levels == ["[WARNING", "[ERROR", "[CRITICAL"])
    }

    @Test func appendsToAnExistingFile() throws {
        let path = temporaryPath("append.log")
        defer { unlink(path) }
        logger(try ErrorLog(destination: path, level: .info)).info("first process")
        logger(try ErrorLog(destination: path, level: .info)).info("second process")
        #expect(try lines(path).map { $0.hasSuffix("first process") || $0.hasSuffix("second process") } == [true, true])
    }

    @Test func reopenWritesToANewFileAfterARename() throws {
        let path = temporaryPath("rotated.log")
        defer { unlink(path); unlink(path + ".1") }
        let log = try ErrorLog(destination: path, level: .info)
        let logger = logger(log)
        logger.info("before rotation")
        #expect(rename(path, path + ".1") == 0)
        logger.info("after rename, before reopen")
        try log.reopen()
        logger.info("after reopen")
        #expect(try lines(path + ".1").map { $0.hasSuffix("before rotation") || $0.hasSuffix("before reopen") } == [true, true])
        let fresh = try lines(path)
        #expect(fresh.count == 1 && fresh[0].hasSuffix("] [INFO] after reopen"))
    }

    @Test func aFolderThatDoesNotExistIsNamedInTheError() throws {
        let path = "/nonexistent-\(getpid())/error.log"
        let error = #expect(throws: ErrorLogError.self) { try ErrorLog(destination: path, level: .info) }
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("No such file or directory") == true)
    }

    @Test func aReopenThatFailsKeepsWritingToTheOldFile() throws {
        let folder = temporaryPath("logs")
        #expect(mkdir(folder, 0o755) == 0)
        let path = folder + "/error.log"
        defer { unlink(path); rmdir(folder) }
        let log = try ErrorLog(destination: path, level: .info)
        let logger = logger(log)
        let kept = try FileDescriptorHold(path: path)
        #expect(unlink(path) == 0 && rmdir(folder) == 0)
        #expect(throws: ErrorLogError.self) { try log.reopen() }
        logger.info("still written")
        #expect(kept.contents.hasSuffix("] [INFO] still written\n"))
    }

    @Test func standardErrorIsNotReopened() throws {
        let log = try ErrorLog(destination: "-", level: .info)
        try log.reopen()
        #expect(log.destination == "-")
    }
}

/// An open descriptor on a file, so a test can read it after the path is gone.
private final class FileDescriptorHold {
    let fd: CInt

    init(path: String) throws {
        fd = open(path, O_RDONLY)
        try #require(fd >= 0)
    }

    deinit { close(fd) }

    var contents: String {
        var bytes = [UInt8](repeating: 0, count: 65536)
        let count = pread(fd, &bytes, bytes.count, 0)
        return String(decoding: bytes.prefix(max(0, count)), as: UTF8.self)
    }
}
