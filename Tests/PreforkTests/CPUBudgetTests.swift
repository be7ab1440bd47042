import Foundation
import TestSupport
import Testing
@testable import Prefork

/// `workers: auto` in a container: the affinity mask and the cgroup CPU quota, read from a fake tree.
@Suite struct CPUBudgetTests {
    /// A folder standing for `/`, with `/proc/self` files and cgroup files written by the test.
    final class FakeRoot {
        private let scratch: ScratchFolder
        var path: String { scratch.url.path }

        init(cgroup: String, mountinfo: String) throws {
            scratch = try ScratchFolder("cgroup")
            try write("/proc/self/cgroup", cgroup)
            try write("/proc/self/mountinfo", mountinfo)
        }

        func write(_ file: String, _ text: String) throws {
            let url = URL(fileURLWithPath: path + file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }

        func budget(affinity: Int) -> CPUBudget {
            CPUBudget(affinity: affinity, cgroups: CgroupFiles(root: path))
        }
    }

    static let mountinfoV2 = """
        24 30 0:22 / /proc rw,nosuid - proc proc rw
        30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate
        """

    @Test func theTightestV2QuotaOnTheCgroupPathWinsRoundedUp() throws {
        let root = try FakeRoot(cgroup: "0::/kubepods/pod1/app\n", mountinfo: Self.mountinfoV2)
        try root.write("/sys/fs/cgroup/kubepods/pod1/app/cpu.max", "max 100000\n")
        try root.write("/sys/fs/cgroup/kubepods/pod1/cpu.max", "150000 100000\n")
        try root.write("/sys/fs/cgroup/kubepods/cpu.max", "400000 100000\n")
        let budget = root.budget(affinity: 64)
        #expect(budget.quota == 1.5)
        #expect(budget.quotaFile == "/sys/fs/cgroup/kubepods/pod1/cpu.max")
        #expect(budget.cpus == 2)
    }

    @Test func noQuotaLeavesTheAffinityMask() throws {
        let root = try FakeRoot(cgroup: "0::/user.slice\n", mountinfo: Self.mountinfoV2)
        try root.write("/sys/fs/cgroup/user.slice/cpu.max", "max 100000\n")
        let budget = root.budget(affinity: 3)
        #expect(budget.quota == nil)
        #expect(budget.cpus == 3)
        #expect(budget.explanation == "3 CPU(s) in the affinity mask, no cgroup CPU quota")
    }

    @Test func anAffinityMaskSmallerThanTheQuotaWins() throws {
        let root = try FakeRoot(cgroup: "0::/\n", mountinfo: Self.mountinfoV2)
        try root.write("/sys/fs/cgroup/cpu.max", "400000 100000\n")
        #expect(root.budget(affinity: 1).cpus == 1)
    }

    @Test func aV1QuotaBelowOneCPUGivesOneWorker() throws {
        let root = try FakeRoot(
            cgroup: "5:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n",
            mountinfo: """
                31 23 0:28 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755
                33 31 0:30 /docker /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
                """)
        try root.write("/sys/fs/cgroup/cpu,cpuacct/abc/cpu.cfs_quota_us", "50000\n")
        try root.write("/sys/fs/cgroup/cpu,cpuacct/abc/cpu.cfs_period_us", "100000\n")
        let budget = root.budget(affinity: 16)
        #expect(budget.quota == 0.5)
        #expect(budget.cpus == 1)
    }

    @Test func aV1UnlimitedQuotaIsNone() throws {
        let root = try FakeRoot(
            cgroup: "1:cpu:/\n", mountinfo: "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n")
        try root.write("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1\n")
        try root.write("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n")
        #expect(root.budget(affinity: 2).quota == nil)
    }

    @Test func missingFilesMeanNoQuota() throws {
        let root = try FakeRoot(cgroup: "garbage\n0::/a\n", mountinfo: "not a mount line\n")
        #expect(root.budget(affinity: 4).cpus == 4)
    }

    @Test func theAffinityMaskIsCountedFromProcStatus() throws {
        let root = try FakeRoot(cgroup: "", mountinfo: "")
        try root.write("/status", "Name:\tx\nCpus_allowed:\tffffffff,00000000,0000000a\nCpus_allowed_list:\t1,3,64-95\n")
        #expect(CPUBudget.affinityCount(status: root.path + "/status") == 34)
        try root.write("/status", "Name:\tx\n")
        #expect(CPUBudget.affinityCount(status: root.path + "/status") == nil)
    }

    @Test func thisProcessHasAtLeastOneCPUInItsMask() throws {
        let count = try #require(CPUBudget.affinityCount())
        #expect((1...WorkerCount.onlineCores).contains(count))
    }
}
