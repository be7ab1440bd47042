import TestSupport
import Foundation
import Glibc

/// A running `PreforkTestServer supervise` process in a scratch folder, killed with all its
/// workers when the test ends.
final class TestServer: SupervisorProcess {
    let configURL: URL

    /// The test server binary beside the test bundle in the build products folder.
    static var binary: URL {
        get throws { try PackageFiles.executable("PreforkTestServer") }
    }

    /// Starts the supervisor with `config` (`key=value` pairs; `bind` defaults to port 0, which the
    /// supervisor binds and reports).
    ///
    /// `launcher` runs before the binary (e.g. `systemd-socket-activate`), handed `listeners`.
    init(
        _ config: [String: String], environment: [String: String] = [:], launcher: [String] = [],
        listeners: InheritedListeners? = nil, waitForReady: Bool = true
    ) throws {
        let scratch = try ScratchFolder("prefork")
        configURL = scratch.url.appendingPathComponent("server.conf")
        try Self.write(["bind": "127.0.0.1:0"].merging(config) { $1 }, to: configURL)
        try super.init(
            executable: try Self.binary, arguments: ["supervise", configURL.path], launcher: launcher,
            listeners: listeners, environment: environment, scratch: scratch)
        if waitForReady { try waitUntilReady(within: 20) }
    }

    func writeConfig(_ values: [String: String]) throws {
        try Self.write(values, to: configURL)
    }

    private static func write(_ values: [String: String], to url: URL) throws {
        try values.map { "\($0.key)=\($0.value)" }.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// Connects once and reads the worker's answer: pid, slot, generation; nil if the connection failed.
    func ask() -> WorkerAnswer? {
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
    static func answer(on fd: CInt) -> WorkerAnswer? {
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let fields = String(decoding: buffer.prefix(count), as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard fields.count == 3 || fields.count == 4, let pid = Int32(fields[0]), let slot = Int(fields[1]), let generation = Int(fields[2]) else {
            return nil
        }
        return WorkerAnswer(pid: pid, slot: slot, generation: generation, sharedDigest: fields.count == 4 ? String(fields[3]) : nil)
    }
}

/// What a test server's worker answers on each connection: who it is.
struct WorkerAnswer: Equatable {
    var pid: Int32
    var slot: Int
    var generation: Int
    /// With `shared_file`: the digest of the bytes the worker's shared mapping holds now.
    var sharedDigest: String? = nil
}
