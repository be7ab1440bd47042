import Glibc

/// The descriptors above stderr that this process would pass to a program it executes: those
/// without close-on-exec, which it can only have inherited (a launcher's open file, the socket
/// a parent's process library uses to see its child exit) since the supervisor opens all its own
/// close-on-exec.
enum InheritableDescriptors {
    static func list() -> [CInt] {
        guard let folder = opendir("/proc/self/fd") else { return [] }
        defer { closedir(folder) }
        let own = dirfd(folder)
        var found: [CInt] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let fd = CInt(name), fd > STDERR_FILENO, fd != own else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC == 0 { found.append(fd) }
        }
        return found
    }
}
