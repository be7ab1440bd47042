import Glibc
import Testing
@testable import Prefork

/// The error log a server started as root opens: never through a planted symbolic link, and
/// given to the user the workers run as.
@Suite struct ErrorLogOwnershipTests {
    @Test func aSymbolicLinkAtThePathIsNotFollowed() throws {
        let target = temporaryPath("link-target")
        let link = temporaryPath("planted.log")
        #expect(symlink(target, link) == 0)
        defer { unlink(link); unlink(target) }
        let error = #expect(throws: ErrorLogError.self) { try ErrorLog(destination: link, level: .info) }
        #expect(error?.description == "errorlog \(link): is a symbolic link, which the server does not follow (set errorlog to the file itself)")
        var info = stat()
        #expect(lstat(target, &info) == -1 && errno == ENOENT, "the link's target was created")
    }

    @Test(.timeLimit(.minutes(1)))
    func aFIFOAtThePathFailsAtOnceInsteadOfHoldingTheStart() throws {
        let path = temporaryPath("fifo.log")
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let error = #expect(throws: ErrorLogError.self) { try ErrorLog(destination: path, level: .info) }
        #expect(error?.description == "errorlog \(path): is not a regular file (a FIFO, a device or a folder); set errorlog to a file or to -")
        // With a reader, the FIFO opens: it is refused for what it is.
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        #expect(throws: ErrorLogError.self) { try ErrorLog(destination: path, level: .info) }
    }

    @Test func aHardLinkedFileIsRefusedAndLeftUntouched() throws {
        let target = temporaryPath("linked-target")
        let path = temporaryPath("linked.log")
        let file = open(target, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #expect(file >= 0 && write(file, "secret\n", 7) == 7)
        close(file)
        #expect(link(target, path) == 0)
        defer { unlink(path); unlink(target) }
        let error = #expect(throws: ErrorLogError.self) { try ErrorLog(destination: path, level: .info) }
        #expect(error?.description
            == "errorlog \(path): the file has 2 names (hard links), so it may be another file's; remove it and let the server create it")
        #expect(try readTextFile(atPath: target) == "secret\n")
    }

    @Test(.enabled(if: geteuid() == 0, "gives the file away only when running as root"))
    func aNewLogOpenedAsRootBelongsToTheServersUser() throws {
        let path = temporaryPath("owned.log")
        defer { unlink(path) }
        let nobody = try PrivilegeDrop(user: "nobody", group: nil)
        var config = ServerConfig()
        config.errorlog = path
        config.user = "nobody"
        _ = try ErrorLog(config: config)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_uid == nobody.uid && info.st_gid == nobody.gid)
    }
}
