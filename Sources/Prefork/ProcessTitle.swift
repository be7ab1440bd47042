import Glibc
import Synchronization

/// What `ps` and `top` show for this process, set the way nginx and PostgreSQL do it.
///
/// Linux shows `/proc/PID/cmdline`, which is the memory of the original argv strings; the
/// title is written over that area. `prepare()` first moves the environment strings that
/// follow argv to the heap, so the title may use their space too. The short name (`comm`,
/// 15 bytes, shown by `top` and `ps -e`) is set through `/proc/self/comm`.
public enum ProcessTitle {
    /// The writable area: argv's strings and the environment strings right after them.
    private struct Area { var start: UInt; var capacity: Int }
    private static let area = Mutex<Area?>(nil)

    /// The most bytes a title can have once `prepare()` has run, or 0 before.
    public static var capacity: Int { area.withLock { $0.map { $0.capacity - 1 } ?? 0 } }

    /// Claims argv's memory for titles; call once, early in `main`, before other threads
    /// read the environment.
    ///
    /// `CommandLine.arguments` keeps the original arguments: it is read before they are
    /// overwritten.
    public static func prepare() {
        _ = CommandLine.arguments
        area.withLock { area in
            guard area == nil, CommandLine.argc > 0, let first = CommandLine.unsafeArgv[0] else { return }
            var end = first + strlen(first) + 1
            for index in 1..<Int(CommandLine.argc) {
                guard let argument = CommandLine.unsafeArgv[index], argument == end else { break }
                end = argument + strlen(argument) + 1
            }
            var entry = environ
            while let variable = entry.pointee, variable == end {
                end = variable + strlen(variable) + 1
                entry.pointee = strdup(variable)
                entry += 1
            }
            area = Area(start: UInt(bitPattern: first), capacity: end - first)
        }
    }

    /// Shows `title` in `ps`, cut to `capacity` bytes, and `shortName` (by default the
    /// title's first 15 bytes) as the process name.
    public static func set(_ title: String, shortName: String? = nil) {
        area.withLock { area in
            guard let area, let start = UnsafeMutablePointer<UInt8>(bitPattern: area.start) else { return }
            let bytes = Array(title.utf8.prefix(area.capacity - 1))
            start.update(from: bytes, count: bytes.count)
            (start + bytes.count).update(repeating: 0, count: area.capacity - bytes.count)
        }
        setShortName(shortName ?? title)
    }

    /// Sets the main thread's name (`comm`), which the kernel cuts to 15 bytes.
    private static func setShortName(_ name: String) {
        let fd = open("/proc/self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(name.utf8.prefix(15))
        _ = write(fd, bytes, bytes.count)
    }
}
