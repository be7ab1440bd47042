import Foundation
import Glibc
import Testing
import TestSupport

/// `workers: auto` as `check-config` resolves it for a process limited by `taskset` or a cgroup.
@Suite(.timeLimit(.minutes(3))) struct CheckConfigWorkersTests {
    /// `check-config --json --workers auto` run by `launcher`; the resolved count and its explanation.
    private func resolvedWorkers(launcher: [String]) throws -> (count: Int, from: String) {
        let run = try runToolChecked(
            launcher[0], Array(launcher.dropFirst()) + [TagifaiBinary.url.path, "check-config", "--json", "--workers", "auto"],
            environment: testEnvironment(), currentDirectory: PackageFiles.root, timeout: .seconds(60))
        let object = try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any]
        let settings = try #require(object?["settings"] as? [[String: Any]])
        let workers = try #require(settings.first { $0["key"] as? String == "workers" })
        return (try #require(workers["resolved"] as? Int), try #require(workers["resolved_from"] as? String))
    }

    @Test func tasksetToOneCoreResolvesAutoToOneWorker() throws {
        let resolved = try resolvedWorkers(launcher: ["/usr/bin/taskset", "-c", "0"])
        #expect(resolved.count == 1)
        #expect(resolved.from.hasPrefix("1 CPU(s) in the affinity mask"))
    }

    /// The v1 `cpu` hierarchy's folder, when this machine has one that root may write to.
    static var cpuHierarchy: String? {
        let folder = "/sys/fs/cgroup/cpu"
        return getuid() == 0 && access(folder + "/cgroup.procs", W_OK) == 0 ? folder : nil
    }

    @Test(.enabled(if: cpuHierarchy != nil, "needs root and a writable cgroup v1 cpu hierarchy"))
    func aCgroupQuotaOfHalfACPUResolvesAutoToOneWorker() throws {
        let group = Self.cpuHierarchy! + "/tagifai-test-\(getpid())"
        try FileManager.default.createDirectory(atPath: group, withIntermediateDirectories: false)
        defer { rmdir(group) }
        try "50000\n".write(toFile: group + "/cpu.cfs_quota_us", atomically: false, encoding: .utf8)
        let resolved = try resolvedWorkers(launcher: ["/bin/sh", "-c", "echo $$ > \(group)/cgroup.procs && exec \"$@\"", "sh"])
        #expect(resolved.count == 1)
        #expect(resolved.from.contains("cgroup quota 0.50 CPU(s) in /sys/fs/cgroup/cpu/tagifai-test-"))
    }
}
