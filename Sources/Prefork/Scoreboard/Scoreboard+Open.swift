import Glibc

extension Scoreboard {
    /// Maps the scoreboard of a running supervisor, read-only, for `tagifai status` and `/metrics`.
    ///
    /// Finds the memfd among `/proc/PID/fd/*` by its name; needs the same user as the server (or root).
    public static func open(supervisorPid pid: Int32) throws(ScoreboardError) -> Scoreboard {
        let directory = "/proc/\(pid)/fd"
        guard let handle = opendir(directory) else { throw .notFound(pid: pid) }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard Int(name) != nil else { continue }
            let path = "\(directory)/\(name)"
            var target = [CChar](repeating: 0, count: 256)
            let length = readlink(path, &target, target.count - 1)
            guard length > 0 else { continue }
            let link = String(decoding: target.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard link.hasPrefix("/memfd:\(memfdName)") else { continue }
            let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .systemCall("open \(path)", errno: errno) }
            do {
                return try Scoreboard(fileDescriptor: fd, writable: false, ownsDescriptor: true)
            } catch {
                close(fd)
                throw error
            }
        }
        throw .notFound(pid: pid)
    }
}
