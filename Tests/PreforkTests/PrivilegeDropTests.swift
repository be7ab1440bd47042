import Glibc
import Testing
@testable import Prefork

@Suite struct PrivilegeDropTests {
    @Test func resolvesNamesAndNumericIDs() throws {
        let byName = try PrivilegeDrop(user: "root", group: "root")
        #expect(byName.uid == 0 && byName.gid == 0 && byName.userName == "root")
        let userOnly = try PrivilegeDrop(user: "nobody", group: nil)
        #expect(userOnly.uid == 65534)
        #expect(userOnly.gid == getpwnam("nobody").map { $0.pointee.pw_gid }, "the user's primary group")
        let nobodyByID = try PrivilegeDrop(user: "65534", group: nil)
        #expect(nobodyByID.userName == userOnly.userName && nobodyByID.gid == userOnly.gid)
        let numeric = try PrivilegeDrop(user: "54321", group: "54321")
        #expect(numeric.uid == 54321 && numeric.gid == 54321 && numeric.userName == nil)
        #expect(numeric.target == "user \"54321\" (uid 54321), group \"54321\" (gid 54321)")
        let nothing = try PrivilegeDrop(user: nil, group: nil)
        #expect(nothing.uid == nil && nothing.gid == nil)
    }

    @Test func namesAnUnknownUserOrGroup() {
        #expect(throws: PrivilegeDropError.unknownUser("no-such-user")) {
            try PrivilegeDrop(user: "no-such-user", group: nil)
        }
        let error = #expect(throws: PrivilegeDropError.self) { try PrivilegeDrop(user: nil, group: "no-such-group") }
        #expect(error?.description == "group \"no-such-group\": no such group (create it, e.g. groupadd --system no-such-group, or change group)")
        #expect(throws: PrivilegeDropError.groupNeeded(user: "54321")) {
            try PrivilegeDrop(user: "54321", group: nil)
        }
        #expect(throws: PrivilegeDropError.invalidUmask(0o1000)) {
            try PrivilegeDrop(user: nil, group: nil, umask: 0o1000)
        }
    }

    @Test func childDropsToTheUserAndItsGroups() throws {
        guard geteuid() == 0 else { return }
        let nobody = try PrivilegeDrop(user: "nobody", group: nil)
        let probe = try PreforkProbe.run(["drop-privileges", "nobody"])
        #expect(probe.status == 0)
        #expect(probe.values["uid"] == "\(nobody.uid!)" && probe.values["euid"] == "\(nobody.uid!)")
        #expect(probe.values["gid"] == "\(nobody.gid!)" && probe.values["egid"] == "\(nobody.gid!)")
        #expect(probe.values["groups"]?.split(separator: ",").contains { $0 == "0" } == false)
        #expect(probe.values["umask"] == "27")
    }

    @Test func childReportsAnUnknownUser() throws {
        let probe = try PreforkProbe.run(["drop-privileges", "no-such-user"])
        #expect(probe.status == 1)
        #expect(probe.values["error"]?.hasPrefix("user \"no-such-user\": no such user") == true)
    }

    @Test func givesAUnixSocketFileToTheUser() throws {
        guard geteuid() == 0 else { return }
        let path = temporaryPath("owned.sock")
        let socket = try ListeningSocket.bind(.unix(path: path), backlog: 4)
        defer { socket.close() }
        let nobody = try PrivilegeDrop(user: "nobody", group: nil)
        try nobody.changeOwner(ofPath: path)
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_uid == nobody.uid && info.st_gid == nobody.gid)
    }
}
