import Glibc
import SystemPackage

/// Why the server could not switch to the configured user and group.
public enum PrivilegeDropError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No user with this name or id exists.
    case unknownUser(String)
    /// No group with this name or id exists.
    case unknownGroup(String)
    /// The user database could not be read.
    case lookupFailed(String, errno: Errno)
    /// A numeric user without a passwd entry and no group configured.
    case groupNeeded(user: String)
    /// Switching was asked for, but the process is not root.
    case notRoot(target: String, uid: uid_t)
    /// A credential call failed.
    case systemCall(String, target: String, errno: Errno)
    /// Root could be regained after dropping it.
    case rootNotDropped(target: String)
    /// The umask is outside 0...0o777.
    case invalidUmask(Int)

    public var description: String {
        switch self {
        case .unknownUser(let user):
            "user \"\(user)\": no such user (create it, e.g. useradd --system \(user), or change user)"
        case .unknownGroup(let group):
            "group \"\(group)\": no such group (create it, e.g. groupadd --system \(group), or change group)"
        case .lookupFailed(let name, let errno):
            "cannot look up \(name): \(errno) (check /etc/nsswitch.conf and the user database)"
        case .groupNeeded(let user):
            "user \"\(user)\": no passwd entry, so its primary group is unknown (set group as well)"
        case .notRoot(let target, let uid):
            "switching to \(target) needs root, but the server runs as uid \(uid) "
                + "(start it as root, or remove user and group from the config)"
        case .systemCall(let call, let target, let errno):
            "\(call) for \(target): \(errno) (the server needs CAP_SETUID and CAP_SETGID to switch users)"
        case .rootNotDropped(let target):
            "switched to \(target) but root could be regained; refusing to run (check the user is not uid 0)"
        case .invalidUmask(let mask):
            "umask \(String(mask, radix: 8)): not a mode between 0 and 0777 (use an octal value such as 0o022)"
        }
    }
}
