import TestSupport
import Foundation
import Glibc

/// A running `PreforkTestServer supervise` process in a temporary folder, killed with all its
/// workers when the test ends.
final class TestServer {
    let folder: URL
    let configURL: URL
    let logURL: URL
    let process = Process()
    var port = 0
    private var seenWorkers: Set<Int32> = []

    /// The test server binary beside the test bundle in the build products folder.
    static var binary: URL {
        get throws {
            let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            var folder = bundle.deletingLastPathComponent()
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("PreforkTestServer")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                folder.deleteLastPathComponent()
            }
            throw CocoaError(.fileNoSuchFile, userInfo: [
                NSFilePathErrorKey: "PreforkTestServer above \(bundle.path) (build it with swift build --build-tests)",
            ])
        }
    }

    /// Starts the supervisor with `config` (`key=value` pairs; `bind` defaults to a free loopback port).
    ///
    /// `launcher` runs before the binary (e.g. `systemd-socket-activate -l ADDRESS`).
    init(_ config: [String: String], environment: [String: String] = [:], launcher: [String] = [], waitForReady: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("prefork-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        configURL = folder.appendingPathComponent("server.conf")
        logURL = folder.appendingPathComponent("server.log")
        try writeConfig(["bind": "127.0.0.1:0"].merging(config) { $1 })
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let logFile = try FileHandle(forWritingTo: logURL)
        if launcher.isEmpty {
            process.executableURL = try Self.binary
            process.arguments = ["supervise", configURL.path]
        } else {
            process.executableURL = URL(fileURLWithPath: launcher[0])
            process.arguments = Array(launcher.dropFirst()) + [try Self.binary.path, "supervise", configURL.path]
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = logFile
        process.standardError = logFile
        process.standardInput = FileHandle.nullDevice
        try process.run()
        guard waitForReady else { return }
        guard eventually(within: 20, { self.log.contains("all ") && self.log.contains("worker(s) ready") }) else {
            throw TestServerError.notReady(log)
        }
        guard let line = log.split(separator: "\n").first(where: { $0.contains("listening at ") }),
              let port = Int(line.split(separator: ":").last ?? "") else { throw TestServerError.notReady(log) }
        self.port = port
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    func writeConfig(_ values: [String: String]) throws {
        try values.map { "\($0.key)=\($0.value)" }.joined(separator: "\n").write(to: configURL, atomically: true, encoding: .utf8)
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }
    var pid: Int32 { process.processIdentifier }

    /// The supervisor's live child processes.
    var workerPids: [Int32] {
        let pids = ProcessTable.children(of: pid)
        seenWorkers.formUnion(pids)
        return pids.filter { ProcessTable.state(of: $0) != "Z" }
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Connects once and reads the worker's answer: pid, slot, generation; nil if the connection failed.
    func ask() -> (pid: Int32, slot: Int, generation: Int)? {
        connect().flatMap(Self.answer(on:))
    }

    /// Opens a connection without reading, so it waits in a listening socket's queue; nil if refused.
    func connect() -> CInt? {
        guard let fd = try? connectClient(to: .tcp(host: "127.0.0.1", port: port)) else { return nil }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Reads a worker's answer on a connection and closes it.
    static func answer(on fd: CInt) -> (pid: Int32, slot: Int, generation: Int)? {
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let fields = String(decoding: buffer.prefix(count), as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard fields.count == 3, let pid = Int32(fields[0]), let slot = Int(fields[1]), let generation = Int(fields[2]) else {
            return nil
        }
        return (pid, slot, generation)
    }

    /// Waits for the supervisor to exit and returns its status, or nil if it is still running at the deadline.
    func waitForExit(within seconds: Double) -> Int32? {
        process.exitStatus(within: seconds)
    }

    /// Kills the supervisor and every worker it ever had that is still alive.
    func stop() {
        _ = workerPids
        process.killWithChildren(seenWorkers)
    }
}

enum TestServerError: Error, CustomStringConvertible {
    case notReady(String)

    var description: String {
        switch self { case .notReady(let log): "test server did not become ready; its log:\n\(log)" }
    }
}
