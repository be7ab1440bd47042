import Foundation
import Glibc

/// A running supervisor (`tagifai serve`, or `PreforkTestServer supervise`) whose output goes to
/// a log file in a scratch folder, killed with every worker it ever had when the test ends.
///
/// It binds port 0 itself and reports the port in its `listening at HOST:PORT` line, which
/// `waitUntilReady` reads: no test picks a port another process could take first.
open class SupervisorProcess {
    public let scratch: ScratchFolder
    public let logURL: URL
    public let process = Process()
    /// The port read from the log once ready; set it when the socket comes from elsewhere (systemd).
    public var port = 0
    /// The `errorlog` file the server writes instead of stderr, when a test names one.
    public let errorlog: String?
    private var seenWorkers: Set<Int32> = []

    /// Starts `executable` with `arguments` (after `launcher`, e.g. `systemd-socket-activate`), in
    /// `currentDirectory`, with the test environment plus `environment`, handing it `listeners`;
    /// `XDG_RUNTIME_DIR` is a folder in `scratch` unless `environment` names one.
    public init(
        executable: URL, arguments: [String], launcher: [String] = [], listeners: InheritedListeners? = nil,
        environment: [String: String] = [:], currentDirectory: URL? = nil, errorlog: String? = nil,
        scratch: ScratchFolder
    ) throws {
        self.scratch = scratch
        self.errorlog = errorlog
        logURL = scratch.url.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let logFile = try FileHandle(forWritingTo: logURL)
        if launcher.isEmpty {
            process.executableURL = executable
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: launcher[0])
            process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        // Each server's own runtime folder, so `pidfile: auto` never has two share a pidfile.
        let runtime = scratch.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        process.environment = testEnvironment(["XDG_RUNTIME_DIR": runtime.path].merging(environment) { $1 })
        process.standardOutput = logFile
        process.standardError = logFile
        process.standardInput = FileHandle.nullDevice
        if let listeners { try listeners.run(process) } else { try process.run() }
    }

    deinit { stop() }

    /// Waits for the supervisor's "all N worker(s) ready" line and reads the port it bound.
    public func waitUntilReady(within seconds: Double = 30) throws {
        guard eventually(within: seconds, { !self.process.isRunning || self.log.contains("worker(s) ready") }),
              process.isRunning else { throw SupervisorNotReady(log: log) }
        guard let line = log.split(separator: "\n").first(where: { $0.contains("listening at ") }),
              let port = Int(line.split(separator: ":").last ?? "") else { throw SupervisorNotReady(log: log) }
        self.port = port
    }

    /// Everything the supervisor and its workers wrote to stdout and stderr so far, then to `errorlog`.
    public var log: String {
        [logURL.path, errorlog].compactMap { $0 }.map(contents).joined()
    }

    public var pid: Int32 { process.processIdentifier }

    /// The supervisor's live worker processes (children of any of its threads, zombies left out).
    public var workerPids: [Int32] {
        let pids = ProcessTable.children(of: pid)
        seenWorkers.formUnion(pids)
        return pids.filter(ProcessTable.isRunning)
    }

    public func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for the supervisor to exit and returns its status, or nil if it still runs at the deadline.
    public func waitForExit(within seconds: Double) -> Int32? {
        process.exitStatus(within: seconds)
    }

    /// Kills the supervisor and every worker it ever had that is still alive.
    public func stop() {
        _ = workerPids
        process.killWithChildren(seenWorkers)
    }
}

/// A supervisor that exited or never said it was ready; its log says why.
public struct SupervisorNotReady: Error, CustomStringConvertible {
    public var log: String

    public init(log: String) { self.log = log }

    public var description: String { "the server did not become ready; its log:\n\(log)" }
}
