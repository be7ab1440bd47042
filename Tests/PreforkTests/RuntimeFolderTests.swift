import Foundation
import Glibc
import Testing
import TestSupport
@testable import Prefork

@Suite struct RuntimeFolderTests {
    @Test func theFolderIsUnderXDGRuntimeDirElseAPrivateOneInTmp() {
        #expect(RuntimeFolder(name: "app", environment: ["XDG_RUNTIME_DIR": "/run/user/1000"], uid: 1000).path == "/run/user/1000/app")
        #expect(RuntimeFolder(name: "app", environment: [:], uid: 1000).path == "/tmp/app-1000")
        #expect(RuntimeFolder(name: "app", environment: ["XDG_RUNTIME_DIR": ""], uid: 7).path == "/tmp/app-7")
        #expect(RuntimeFolder(name: "app", environment: ["XDG_RUNTIME_DIR": "relative/run"], uid: 7).path == "/tmp/app-7",
                "a relative XDG_RUNTIME_DIR is ignored, as the XDG specification says")
    }

    @Test func thePidfileIsNamedAfterTheConfigAndAHashOfItsPath() throws {
        let folder = RuntimeFolder(name: "app", environment: ["XDG_RUNTIME_DIR": "/run/user/1000"], uid: 1000)
        let first = folder.pidfile(forConfig: "/srv/a/tagifai.yaml")
        let match = try #require(first.wholeMatch(of: /\/run\/user\/1000\/app\/tagifai-([0-9a-f]{12})\.pid/))
        #expect(match.1 == RuntimeFolder.hash("/srv/a/tagifai.yaml"))
        #expect(folder.pidfile(forConfig: "/srv/a/tagifai.yaml") == first, "the same config gives the same file")
        #expect(folder.pidfile(forConfig: "/srv/b/tagifai.yaml") != first, "another config's file differs")
        #expect(folder.pidfile(forConfig: nil) == "/run/user/1000/app/defaults.pid")
    }

    @Test func theHashIsFNV1a() {
        // FNV-1a 64 of "" is its offset basis, of "a" the published test vector.
        #expect(RuntimeFolder.hash("") == "cbf29ce48422")
        #expect(RuntimeFolder.hash("a") == "af63dc4c8601")
    }

    @Test func prepareMakesAPrivateFolderAndAcceptsItAgain() throws {
        let scratch = try ScratchFolder("runtime")
        let folder = RuntimeFolder(name: "app", environment: ["XDG_RUNTIME_DIR": scratch.url.path])
        try folder.prepare()
        var info = stat()
        #expect(lstat(folder.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        try folder.prepare()
    }

    @Test func prepareRefusesAFolderOthersCanReach() throws {
        let scratch = try ScratchFolder("runtime")
        let folder = RuntimeFolder(name: "app", environment: ["XDG_RUNTIME_DIR": scratch.url.path])
        #expect(mkdir(folder.path, 0o700) == 0)
        #expect(chmod(folder.path, 0o755) == 0)
        #expect(throws: RuntimeFolderError.unsafe(path: folder.path, reason: "its mode 755 lets others in; chmod 700 it")) {
            try folder.prepare()
        }
    }

    @Test func prepareRefusesASymbolicLinkAndAFile() throws {
        let scratch = try ScratchFolder("runtime")
        let linked = RuntimeFolder(name: "link", environment: ["XDG_RUNTIME_DIR": scratch.url.path])
        #expect(mkdir(scratch.path("real"), 0o700) == 0)
        #expect(symlink(scratch.path("real"), linked.path) == 0)
        #expect(throws: RuntimeFolderError.unsafe(path: linked.path, reason: "it is not a folder (a symbolic link?)")) {
            try linked.prepare()
        }
        let file = RuntimeFolder(name: "file", environment: ["XDG_RUNTIME_DIR": scratch.url.path])
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data()))
        #expect(throws: RuntimeFolderError.unsafe(path: file.path, reason: "it is not a folder (a symbolic link?)")) {
            try file.prepare()
        }
    }

    @Test func prepareRefusesAnotherUsersFolder() throws {
        let scratch = try ScratchFolder("runtime")
        let folder = RuntimeFolder(name: "app", environment: ["XDG_RUNTIME_DIR": scratch.url.path])
        try folder.prepare()
        // Seen as another user: the check compares the folder's owner with the uid it is given.
        let other = getuid() == 65534 ? 65533 : 65534
        #expect(throws: RuntimeFolderError.unsafe(path: folder.path, reason: "it belongs to uid \(getuid()), not \(other)")) {
            try folder.prepare(uid: uid_t(other))
        }
    }

    @Test func aFolderThatCannotBeMadeSaysWhy() {
        let folder = RuntimeFolder(name: "app", environment: ["XDG_RUNTIME_DIR": "/nonexistent/run"])
        #expect(throws: RuntimeFolderError.cannotCreate(path: "/nonexistent/run/app", errno: ENOENT)) { try folder.prepare() }
        #expect("\(RuntimeFolderError.cannotCreate(path: "/x", errno: ENOENT))".contains("No such file or directory"))
    }
}
