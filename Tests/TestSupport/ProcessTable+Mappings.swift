import Foundation

/// What a process's memory mapping costs it, from `/proc/PID/smaps`, in KiB.
public struct MappingUsage: Equatable, Sendable {
    /// Resident pages of the mapping.
    public var rssKiB: Int
    /// Its proportional share: each resident page divided by the number of processes mapping it.
    public var pssKiB: Int
}

extension ProcessTable {
    /// The usage of the first mapping of `pid` whose smaps header contains `name`
    /// (`memfd:prefork-shared:model.bin`), or nil if it has none.
    public static func mapping(of pid: Int32, named name: String) -> MappingUsage? {
        // Read to the end: `Data(contentsOf:)` stops after the first page of a /proc file.
        guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/smaps"), let data = try? handle.readToEnd() else {
            return nil
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard let start = lines.firstIndex(where: { $0.contains(name) }) else { return nil }
        // The mapping's own lines come before the next mapping's header, and each key once.
        func value(_ key: String) -> Int? {
            lines[(start + 1)...].first { $0.hasPrefix(key + ":") }.flatMap { Int($0.split(whereSeparator: \.isWhitespace)[1]) }
        }
        guard let rss = value("Rss"), let pss = value("Pss") else { return nil }
        return MappingUsage(rssKiB: rss, pssKiB: pss)
    }
}
