import Glibc
import SystemPackage

/// The user, group and umask a server started as root switches to once its sockets are bound.
///
/// Names are resolved up front, so a typo fails at startup with the name in the message;
/// `apply()` then sets the supplementary groups, the gid and the uid, in that order, since
/// after `setuid` the process may no longer change its groups.
public struct PrivilegeDrop: Sendable, Equatable {
    /// The configured user, as written (a name or a numeric id).
    public let user: String?
    /// The configured group, as written; defaults to the user's primary group.
    public let group: String?
    /// The user id to switch to, or nil to keep the current one.
    public let uid: uid_t?
    /// The group id to switch to, or nil to keep the current one.
    public let gid: gid_t?
    /// The user's name in the passwd database, for its supplementary groups.
    public let userName: String?
    /// The file mode creation mask to apply.
    public let umask: mode_t

    /// Resolves `user` and `group` (names or numeric ids) and validates `umask`.
    public init(user: String?, group: String?, umask: Int = 0o022) throws(PrivilegeDropError) {
        guard (0...0o777).contains(umask) else { throw .invalidUmask(umask) }
        self.user = user
        self.group = group
        self.umask = mode_t(umask)
        let account = try user.map { name throws(PrivilegeDropError) in
            guard let account = try UserDatabase.user(named: name) else {
                guard let uid = uid_t(name) else { throw .unknownUser(name) }
                return UserDatabase.Account(name: nil, uid: uid, gid: nil)
            }
            return account
        }
        let groupID = try group.map { name throws(PrivilegeDropError) in
            if let gid = try UserDatabase.groupID(named: name) { return gid }
            guard let gid = gid_t(name) else { throw .unknownGroup(name) }
            return gid
        }
        uid = account?.uid
        userName = account?.name
        gid = groupID ?? account?.gid
        if let user, account != nil, gid == nil { throw .groupNeeded(user: user) }
    }

    /// Resolves the `user`, `group` and `umask` of `config`.
    public init(config: ServerConfig) throws(PrivilegeDropError) {
        try self.init(user: config.user, group: config.group, umask: config.umask)
    }

    /// What the server switches to, for messages: `user "www-data" (uid 33), group 33`.
    public var target: String {
        var parts: [String] = []
        if let user, let uid { parts.append("user \"\(user)\" (uid \(uid))") }
        if let gid { parts.append(group.map { "group \"\($0)\" (gid \(gid))" } ?? "group \(gid)") }
        return parts.joined(separator: ", ")
    }

    /// Sets the process's file mode creation mask; call it before binding so Unix socket
    /// files get the configured mode too.
    public func applyUmask() {
        Glibc.umask(umask)
    }

    /// Applies the umask and, when a user or group is set, switches to them.
    ///
    /// A process that is not root may only "switch" to the ids it already has.
    public func apply() throws(PrivilegeDropError) {
        applyUmask()
        guard uid != nil || gid != nil else { return }
        guard geteuid() == 0 else {
            if (uid ?? geteuid()) == geteuid(), (gid ?? getegid()) == getegid() { return }
            throw .notRoot(target: target, uid: geteuid())
        }
        if let gid {
            let groupsSet = userName.map { initgroups($0, gid) } ?? withUnsafePointer(to: gid) { setgroups(1, $0) }
            guard groupsSet == 0 else { throw .systemCall("setgroups", target: target, errno: .current) }
            guard setgid(gid) == 0 else { throw .systemCall("setgid", target: target, errno: .current) }
        }
        if let uid {
            guard setuid(uid) == 0 else { throw .systemCall("setuid", target: target, errno: .current) }
            if uid != 0, setuid(0) == 0 { throw .rootNotDropped(target: target) }
        }
    }

    /// Gives `path` (a Unix socket file bound as root) to the target user and group, as
    /// gunicorn does, so the socket belongs to the user the server runs as and members of
    /// its group (a reverse proxy) can connect when the umask allows.
    public func changeOwner(ofPath path: String) throws(PrivilegeDropError) {
        guard uid != nil || gid != nil else { return }
        guard lchown(path, uid ?? uid_t.max, gid ?? gid_t.max) == 0 else {
            throw .systemCall("chown \(path)", target: target, errno: .current)
        }
    }
}
