/// The CPUs this process may use, which `workers: auto` starts one worker for: the smaller of the
/// CPUs in its affinity mask (`taskset`, a cpuset) and its cgroup's CPU quota rounded up.
///
/// In a container limited to 2 CPUs on a 64-core host, the online core count says 64; the quota
/// (cgroup v2 `cpu.max`, or v1 `cpu.cfs_quota_us` over `cpu.cfs_period_us`) says 2.
public struct CPUBudget: Sendable, Equatable {
    /// CPUs in the process's affinity mask.
    public var affinity: Int
    /// CPUs the tightest cgroup quota on the process's cgroup path allows, nil when none is set.
    public var quota: Double?
    /// The file the quota came from.
    public var quotaFile: String?

    public init(affinity: Int, quota: Double? = nil, quotaFile: String? = nil) {
        self.affinity = affinity
        self.quota = quota
        self.quotaFile = quotaFile
    }

    /// The number of CPUs to plan for, at least 1.
    public var cpus: Int {
        let limit = quota.map { Int(($0 - 0.001).rounded(.up)) } ?? affinity
        return max(1, min(affinity, limit))
    }

    /// Where `cpus` came from, for `check-config`.
    public var explanation: String {
        let mask = "\(affinity) CPU(s) in the affinity mask"
        guard let quota, let quotaFile else { return mask + ", no cgroup CPU quota" }
        let shown = quota == quota.rounded() ? String(Int(quota)) : String(format: quota)
        return mask + ", cgroup quota \(shown) CPU(s) in \(quotaFile)"
    }

    /// The budget of this process now.
    public static var current: CPUBudget {
        CPUBudget(affinity: affinityCount() ?? WorkerCount.onlineCores, cgroups: CgroupFiles())
    }

    /// A budget from an affinity count and the cgroup files of `cgroups`.
    init(affinity: Int, cgroups: CgroupFiles) {
        self.init(affinity: affinity)
        if let (cpus, file) = cgroups.tightestQuota() {
            quota = cpus
            quotaFile = file
        }
    }

    /// CPUs in this process's affinity mask (`Cpus_allowed` of `/proc/self/status`, a hex mask),
    /// nil when the kernel does not say.
    static func affinityCount(status path: String = "/proc/self/status") -> Int? {
        guard let status = try? readTextFile(atPath: path),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        var count = 0
        for digit in line.dropFirst("Cpus_allowed:".count) where digit != "," && !digit.isWhitespace {
            guard let value = digit.hexDigitValue else { return nil }
            count += value.nonzeroBitCount
        }
        return count > 0 ? count : nil
    }
}

extension String {
    /// A quota such as 1.5 written with up to two decimals.
    fileprivate init(format quota: Double) {
        let hundredths = Int((quota * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    }
}
