/// Reads a process's CPU quota from the cgroup file system, v2 (`cpu.max`) or v1 (`cpu.cfs_*`).
///
/// Paths come from `/proc/self/cgroup` and `/proc/self/mountinfo` under `root`, so tests can lay
/// out a fake tree. Every level from the process's cgroup up to its hierarchy's root is read: a
/// parent's quota limits its children too.
struct CgroupFiles {
    var root: String = ""

    /// The smallest quota in CPUs on the process's cgroup path, with the file it came from.
    func tightestQuota() -> (cpus: Double, file: String)? {
        guard let membership = read("/proc/self/cgroup"), let mountinfo = read("/proc/self/mountinfo") else {
            return nil
        }
        let mounts = mountinfo.split(separator: "\n").compactMap(Mount.init)
        var best: (cpus: Double, file: String)?
        for line in membership.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let controllers = fields[1].split(separator: ",")
            let version2 = fields[0] == "0" && controllers.isEmpty
            guard version2 || controllers.contains("cpu") else { continue }
            let mount = mounts.first { version2 ? $0.type == "cgroup2" : ($0.type == "cgroup" && $0.options.contains("cpu")) }
            guard let mount else { continue }
            for folder in mount.folders(for: String(fields[2])) {
                guard let quota = version2 ? quotaV2(folder) : quotaV1(folder) else { continue }
                if quota.cpus < best?.cpus ?? .infinity { best = quota }
            }
        }
        return best
    }

    /// `cpu.max`: `QUOTA PERIOD` in microseconds, or `max PERIOD` for none.
    private func quotaV2(_ folder: String) -> (cpus: Double, file: String)? {
        let file = folder + "/cpu.max"
        guard let fields = read(file)?.split(whereSeparator: \.isWhitespace), fields.count == 2,
              let quota = Double(fields[0]), let period = Double(fields[1]), quota > 0, period > 0 else { return nil }
        return (quota / period, file)
    }

    /// `cpu.cfs_quota_us` (-1 for none) over `cpu.cfs_period_us`.
    private func quotaV1(_ folder: String) -> (cpus: Double, file: String)? {
        let file = folder + "/cpu.cfs_quota_us"
        guard let quota = read(file).flatMap({ Double($0.trimmingWhitespace) }), quota > 0,
              let period = read(folder + "/cpu.cfs_period_us").flatMap({ Double($0.trimmingWhitespace) }), period > 0
        else { return nil }
        return (quota / period, file)
    }

    private func read(_ path: String) -> String? {
        try? readTextFile(atPath: root + path)
    }

    /// One line of `/proc/self/mountinfo`: the hierarchy's folder mounted, where, and its type.
    private struct Mount {
        var hierarchyRoot: String
        var mountPoint: String
        var type: String
        var options: [Substring]

        init?(_ line: Substring) {
            let halves = line.split(separator: " - ", maxSplits: 1)
            guard halves.count == 2 else { return nil }
            let before = halves[0].split(separator: " ")
            let after = halves[1].split(separator: " ")
            guard before.count >= 5, after.count >= 3 else { return nil }
            hierarchyRoot = String(before[3])
            mountPoint = String(before[4])
            type = String(after[0])
            options = after[2].split(separator: ",")
        }

        /// The folders of cgroup `path` and of each of its ancestors visible under this mount.
        func folders(for path: String) -> [String] {
            var relative = path
            if hierarchyRoot != "/" {
                guard relative.hasPrefix(hierarchyRoot) else { return [] }
                relative.removeFirst(hierarchyRoot.count)
            }
            var components = relative.split(separator: "/")
            var folders: [String] = []
            while true {
                folders.append(([mountPoint] + components.map(String.init)).joined(separator: "/"))
                if components.isEmpty { break }
                components.removeLast()
            }
            return folders
        }
    }
}
