import FoundationEssentials
import Prefork
import SystemSupport

/// What `tagifai status` reports: every live worker's slot and the server's totals.
struct ServerStatus: Encodable {
    struct Worker: Encodable {
        var slot: Int
        var pid: Int32
        var generation: Int
        var state: String
        var uptimeSeconds: Double
        var requests: UInt64
        var inFlight: UInt64
        var heartbeatAgeSeconds: Double
        var rssBytes: UInt64?
        /// The share of its event loops' time spent on requests over 10 s and 1 min.
        var busy10s: Double
        var busy1m: Double
        var connections: UInt64
    }

    /// `workers`...`workers_max` and the count in force, while the server sizes itself.
    struct Autoscaling: Encodable {
        var workers: Int
        var min: Int
        var max: Int
    }

    struct AcceptQueue: Encodable {
        var length: Int
        var limit: Int
    }

    var supervisorPid: Int32
    var workers: [Worker]
    var requests: UInt64
    var requestsByExitedWorkers: UInt64
    var exitedWorkers: UInt64
    var inFlight: UInt64
    var restarts: [String: UInt64]
    /// Connections waiting in the listening sockets' accept queues; nil when none reports one.
    var acceptQueue: AcceptQueue?
    var cpus: Int
    var autoscaling: Autoscaling?
    var verdict: String

    /// Reads the scoreboard of the supervisor whose pid is in `pidfile`.
    static func read(pidfile: String) throws(ServerStatusError) -> ServerStatus {
        guard let pid = Pidfile.readPID(at: pidfile) else { throw .unreadablePidfile(pidfile) }
        guard Pidfile.isAlive(pid) else { throw .supervisorGone(pid: pid, pidfile: pidfile) }
        let board: Scoreboard
        do { board = try Scoreboard.open(supervisorPid: pid) } catch { throw .scoreboard(error) }
        return ServerStatus(supervisorPid: pid, snapshot: board.snapshot(), now: MonotonicClock.nanoseconds())
    }

    init(supervisorPid: Int32, snapshot: ScoreboardSnapshot, now: UInt64) {
        func seconds(since time: UInt64) -> Double { time == 0 || time > now ? 0 : Double(now - time) / 1e9 }
        self.supervisorPid = supervisorPid
        workers = snapshot.slots.map { slot in
            Worker(
                slot: slot.slot, pid: slot.pid, generation: slot.generation, state: slot.state.description,
                uptimeSeconds: seconds(since: slot.spawnTime), requests: slot.requests, inFlight: slot.inFlight,
                heartbeatAgeSeconds: seconds(since: slot.lastHeartbeat), rssBytes: ProcessMemory.residentBytes(of: slot.pid),
                busy10s: slot.busyShort, busy1m: slot.busyLong, connections: slot.connections)
        }
        acceptQueue = snapshot.acceptQueue.map { AcceptQueue(length: $0.length, limit: $0.limit) }
        cpus = snapshot.cpus
        autoscaling = snapshot.autoscaling.map { Autoscaling(workers: $0.workers, min: $0.floor, max: $0.ceiling) }
        verdict = SaturationVerdict(snapshot: snapshot).text
        requests = snapshot.totalRequests
        requestsByExitedWorkers = snapshot.retiredRequests
        exitedWorkers = snapshot.retiredWorkers
        inFlight = snapshot.slots.reduce(0) { $0 &+ $1.inFlight }
        restarts = Dictionary(uniqueKeysWithValues: snapshot.restarts.map { ($0.key.description, $0.value) })
    }

    /// The report as pretty JSON with snake_case keys.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The report as an aligned table, one row per worker, then the totals.
    func table() -> String {
        let header = ["SLOT", "PID", "GEN", "STATE", "UPTIME", "REQUESTS", "HEARTBEAT", "RSS", "BUSY 10S/1M", "CONNS"]
        let rows = workers.map { worker in
            [
                String(worker.slot), String(worker.pid), String(worker.generation), worker.state,
                Self.duration(worker.uptimeSeconds), String(worker.requests),
                Self.duration(worker.heartbeatAgeSeconds) + " ago", worker.rssBytes.map(Self.mebibytes) ?? "-",
                Self.percent(worker.busy10s) + " / " + Self.percent(worker.busy1m), String(worker.connections),
            ]
        }
        // Every column but the last is padded to its widest cell, so no line ends in spaces.
        let widths = header.indices.dropLast().map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        let lines = ([header] + rows).map { row in
            (zip(row, widths).map { $0.padded(to: $1) } + [row[row.count - 1]]).joined(separator: "  ")
        }
        let restartText = WorkerRestartReason.allCases.map { "\($0) \(restarts[$0.description] ?? 0)" }.joined(separator: ", ")
        return (lines + [
            "supervisor pid \(supervisorPid): \(workers.count) worker(s)"
                + (autoscaling.map { " (\($0.workers) wanted, \($0.min)–\($0.max) autoscaling)" } ?? "")
                + ", \(requests) request(s) served "
                + "(\(requestsByExitedWorkers) by \(exitedWorkers) exited worker(s)), \(inFlight) in flight; restarts: \(restartText)",
            "accept queue: " + (acceptQueue.map { "\($0.length) waiting of \($0.limit)" } ?? "not measured (no TCP socket)")
                + "; \(cpus) CPU(s) for the server",
            verdict,
        ]).joined(separator: "\n")
    }

    private static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<60: String(printf: "%.1fs", seconds)
        case ..<3600: String(printf: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
        default: String(printf: "%dh%02dm", Int(seconds) / 3600, Int(seconds) % 3600 / 60)
        }
    }

    private static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    private static func mebibytes(_ bytes: UInt64) -> String { String(printf: "%.1f MiB", Double(bytes) / 1_048_576) }
}
