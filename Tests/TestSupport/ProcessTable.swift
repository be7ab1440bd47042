import Foundation

/// What Linux's /proc says about a process, as `ps` would show it.
public enum ProcessTable {
    /// The process state letter (R, S, T, Z), or nil when the process is gone.
    public static func state(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].split(separator: " ").first.map(String.init)
    }

    /// Whether `pid` exists and is not a zombie.
    public static func isRunning(_ pid: Int32) -> Bool {
        state(of: pid).map { $0 != "Z" } ?? false
    }

    /// The process's command line with NULs as spaces, which is what `ps` shows as its title.
    public static func title(of pid: Int32) -> String {
        let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return String(decoding: cmdline.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// The children of every thread of `pid`, zombies included.
    public static func children(of pid: Int32) -> [Int32] {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return threads.flatMap { thread in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { Int32($0) }
        }
    }

    /// A size in bytes from /proc/PID/status (`VmRSS`, `RssAnon`, ...), or nil when the process
    /// or the field is missing.
    public static func statusBytes(_ field: String, of pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes * 1024
    }
}
