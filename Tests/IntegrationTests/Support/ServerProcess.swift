import Foundation
import Glibc
import TestSupport

/// A running `tagifai serve` on a free loopback port, in the package root (so the committed
/// `etc/tagifai.yaml` and `models/tagifai` apply), killed with all its workers when the test ends.
final class ServerProcess {
    let folder: URL
    let logURL: URL
    let process = Process()
    /// The port read from the log once ready; set it when the socket comes from elsewhere (systemd).
    var port = 0
    private var seenWorkers: Set<Int32> = []

    /// The `errorlog` file the server writes instead of stderr, when a test names one.
    let errorlog: String?

    /// Starts `tagifai serve` with `arguments` after `--bind 127.0.0.1:0 --workers N`, and waits
    /// until every worker is ready, unless `waitForReady` is false. With `errorlog`, the server
    /// logs to that file and `log` reads it too.
    init(
        workers: Int = 1,
        arguments: [String] = [],
        errorlog: String? = nil,
        environment: [String: String] = [:],
        launcher: [String] = [],
        waitForReady: Bool = true
    ) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tagifai-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        logURL = folder.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let logFile = try FileHandle(forWritingTo: logURL)
        self.errorlog = errorlog
        let serve = ["serve", "--bind", "127.0.0.1:0", "--workers", String(workers)]
            + (errorlog.map { ["--set", "errorlog=\($0)"] } ?? []) + arguments
        if launcher.isEmpty {
            process.executableURL = TagifaiBinary.url
            process.arguments = serve
        } else {
            process.executableURL = URL(fileURLWithPath: launcher[0])
            process.arguments = Array(launcher.dropFirst()) + [TagifaiBinary.url.path] + serve
        }
        process.currentDirectoryURL = TagifaiBinary.packageRoot
        process.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("TAGIFAI_") }
            .merging(environment) { $1 }
        process.standardOutput = logFile
        process.standardError = logFile
        process.standardInput = FileHandle.nullDevice
        try process.run()
        guard waitForReady else { return }
        try waitUntilReady()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Waits for the supervisor's "all N worker(s) ready" line and reads the bound port.
    func waitUntilReady(within seconds: Double = 30) throws {
        guard eventually(within: seconds, { !self.process.isRunning || self.log.contains("worker(s) ready") }),
              process.isRunning else { throw ServerProcessError.notReady(log) }
        guard let line = log.split(separator: "\n").first(where: { $0.contains("listening at ") }),
              let port = Int(line.split(separator: ":").last ?? "") else { throw ServerProcessError.notReady(log) }
        self.port = port
    }

    /// Everything the supervisor and its workers wrote to stdout and stderr so far, then to `errorlog`.
    var log: String {
        [logURL.path, errorlog].compactMap { $0 }.map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }.joined()
    }
    var pid: Int32 { process.processIdentifier }

    /// The supervisor's live worker processes (children of any of its threads).
    var workerPids: [Int32] {
        let pids = ProcessTable.children(of: pid)
        seenWorkers.formUnion(pids)
        return pids.filter { Self.isRunning($0) }
    }

    /// Whether `pid` exists and is not a zombie.
    static func isRunning(_ pid: Int32) -> Bool {
        ProcessTable.state(of: pid).map { $0 != "Z" } ?? false
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// A new keep-alive connection to the server.
    func connect(timeout: Int = 10) throws -> RawHTTPClient {
        try RawHTTPClient(port: port, timeout: timeout)
    }

    /// Sends one request on a new connection and reads the reply.
    func request(
        _ method: String, _ target: String, body: String? = nil,
        headers: [String: String] = [:]
    ) throws -> RawHTTPClient.Reply {
        let client = try connect()
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.utf8.count)\r\n" }
        try client.send(head + "\r\n" + (body ?? ""))
        return try client.readReply(head: method == "HEAD")
    }

    /// Waits for the supervisor to exit and returns its status, or nil if it still runs at the deadline.
    func waitForExit(within seconds: Double) -> Int32? {
        process.exitStatus(within: seconds)
    }

    /// Kills the supervisor and every worker it ever had that is still alive.
    func stop() {
        _ = workerPids
        process.killWithChildren(seenWorkers)
    }
}

enum ServerProcessError: Error, CustomStringConvertible {
    case notReady(String)

    var description: String {
        switch self { case .notReady(let log): "tagifai serve did not become ready; its log:\n\(log)" }
    }
}
