import FoundationEssentials

/// How the application renders the control socket's `status` and `config` answers, which only it
/// knows how to lay out (its table, its config payload).
public struct ControlReports: Sendable {
    /// A report as a JSON object (for `--json`) and as text for people.
    public typealias Report = (json: String, text: String)

    /// The `status` answer from the supervisor's pid and a scoreboard snapshot.
    public var status: @Sendable (_ supervisorPid: Int32, _ snapshot: ScoreboardSnapshot) -> Report
    /// The `config` answer from the current generation's payload (as given to `Supervisor`).
    public var config: @Sendable (_ payload: Data) throws -> Report

    public init(
        status: @escaping @Sendable (_ supervisorPid: Int32, _ snapshot: ScoreboardSnapshot) -> Report,
        config: @escaping @Sendable (_ payload: Data) throws -> Report
    ) {
        self.status = status
        self.config = config
    }

    /// Slots as plain JSON and one line of text; the payload is opaque, so no config report.
    public static let plain = ControlReports(
        status: { pid, snapshot in
            let workers = snapshot.slots.map {
                #"{"slot":\#($0.slot),"pid":\#($0.pid),"generation":\#($0.generation),"state":"\#($0.state)"}"#
            }
            let text = "supervisor pid \(pid): \(snapshot.slots.count) worker(s), \(snapshot.totalRequests) request(s) served"
            return (#"{"supervisor_pid":\#(pid),"workers":[\#(workers.joined(separator: ","))]}"#, text)
        },
        config: { _ in throw ControlRefusal("this server does not describe its configuration") })
}
