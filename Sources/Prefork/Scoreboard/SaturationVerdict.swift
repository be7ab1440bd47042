/// One line an operator can act on, from the workers' busy shares, the accept queue, how the
/// connections spread over the workers and the CPUs the server may use.
public struct SaturationVerdict: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Work waits, or every worker is nearly always busy.
        case saturated
        /// Far fewer workers would carry the load.
        case idle
        /// One worker holds most of the connections while others have few.
        case uneven
        case ok
    }

    /// A mean busy share from which the workers count as saturated.
    public static let saturatedShare = 0.85
    /// A mean busy share under which fewer workers would do.
    public static let idleShare = 0.15
    /// The share of the connections one worker may hold before the spread counts as uneven (or
    /// twice its fair share, when that is less).
    public static let unevenShare = 0.75
    /// The busy share the advice sizes the workers for, when there are too many.
    public static let targetShare = 0.5

    public let kind: Kind
    public let text: String

    public var description: String { text }

    /// The verdict on `snapshot`'s ready workers, judged by their 10-second busy shares.
    public init(snapshot: ScoreboardSnapshot) {
        let ready = snapshot.slots.filter { $0.state == .ready }
        let workers = ready.count
        guard workers > 0 else {
            self.init(.ok, "no ready worker to judge")
            return
        }
        let busy = ready.reduce(0) { $0 + $1.busyShort } / Double(workers)
        let loops = ready.reduce(0) { $0 + max($1.eventLoops, 1) }
        let waiting = snapshot.acceptQueue?.length ?? 0
        let busyText = "\(workers) worker\(workers == 1 ? "" : "s") \(Int((busy * 100).rounded()))% busy"
        let cpus = snapshot.cpus
        if busy >= Self.saturatedShare || waiting > 0 {
            let idleCPUs = max(cpus - loops, 0)
            let advice = idleCPUs > 0 ? "add workers (up to \(cpus))" : "add hosts"
            self.init(.saturated, "saturated: \(busyText), \(waiting) connection\(waiting == 1 ? "" : "s") waiting, "
                + "\(idleCPUs) CPU\(idleCPUs == 1 ? "" : "s") idle: \(advice)")
            return
        }
        let connections = ready.map(\.connections)
        let total = connections.reduce(0, +)
        if workers > 1, total >= UInt64(2 * workers), let most = ready.max(by: { $0.connections < $1.connections }),
           Double(most.connections) / Double(total) > min(2 / Double(workers), Self.unevenShare) {
            self.init(.uneven, "uneven: the worker in slot \(most.slot) holds \(most.connections) of \(total) connections; "
                + "reuse_port: true gives each worker a queue of its own, which the kernel fills by a hash of each connection's addresses")
            return
        }
        let needed = max(1, Int((Double(workers) * busy / Self.targetShare).rounded(.up)))
        if busy < Self.idleShare, needed < workers {
            self.init(.idle, "idle: \(busyText): \(needed) would do")
            return
        }
        self.init(.ok, "ok: \(busyText), \(waiting) waiting, \(cpus) CPU\(cpus == 1 ? "" : "s")")
    }

    init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}
