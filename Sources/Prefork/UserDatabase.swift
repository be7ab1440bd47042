import Glibc
import SystemPackage

/// Lookups in the passwd and group databases through the reentrant `get*_r` calls.
enum UserDatabase {
    struct Account: Equatable {
        var name: String?
        var uid: uid_t
        var gid: gid_t?
    }

    /// The account named `name`, or with the numeric id `name`; nil when there is none.
    static func user(named name: String) throws(PrivilegeDropError) -> Account? {
        try lookUp("user \"\(name)\"") { buffer in
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>? = nil
            var status = getpwnam_r(name, &entry, buffer.baseAddress!, buffer.count, &result)
            if status == 0, result == nil, let uid = uid_t(name) {
                status = getpwuid_r(uid, &entry, buffer.baseAddress!, buffer.count, &result)
            }
            return (status, result.map { _ in Account(name: String(cString: entry.pw_name), uid: entry.pw_uid, gid: entry.pw_gid) })
        }
    }

    /// The id of the group named `name`, or nil when there is none (numeric ids are the
    /// caller's to accept).
    static func groupID(named name: String) throws(PrivilegeDropError) -> gid_t? {
        try lookUp("group \"\(name)\"") { buffer in
            var entry = group()
            var result: UnsafeMutablePointer<group>? = nil
            let status = getgrnam_r(name, &entry, buffer.baseAddress!, buffer.count, &result)
            return (status, result.map { _ in entry.gr_gid })
        }
    }

    /// Runs a `get*_r` call, growing its string buffer while it reports `ERANGE`; `call`
    /// copies what it needs out of the entry, whose strings live in the buffer.
    private static func lookUp<Value>(
        _ subject: String, _ call: (UnsafeMutableBufferPointer<CChar>) -> (status: CInt, value: Value?)
    ) throws(PrivilegeDropError) -> Value? {
        var size = 1024
        while true {
            let (status, value) = withUnsafeTemporaryAllocation(of: CChar.self, capacity: size, call)
            switch status {
            case 0: return value
            case ERANGE where size < 1 << 20: size *= 2
            case ENOENT, ESRCH, EBADF, EPERM: return nil
            default: throw .lookupFailed(subject, errno: Errno(rawValue: status))
            }
        }
    }
}
