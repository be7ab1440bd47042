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
