import Foundation
import Glibc
import TestSupport

/// A running `tagifai serve` on a port it binds itself, in the package root (so the committed
/// `etc/tagifai.yaml` and `models/tagifai` apply), killed with all its workers when the test ends.
final class ServerProcess: SupervisorProcess {
    /// Starts `tagifai serve` with `arguments` after `--bind 127.0.0.1:0 --workers N`, and waits
    /// until every worker is ready, unless `waitForReady` is false. With `errorlog`, the server
    /// logs to that file and `log` reads it too.
    init(
        workers: Int = 1,
        arguments: [String] = [],
        errorlog: String? = nil,
        environment: [String: String] = [:],
        launcher: [String] = [],
        listeners: InheritedListeners? = nil,
        waitForReady: Bool = true
    ) throws {
        let serve = ["serve", "--bind", "127.0.0.1:0", "--workers", String(workers)]
            + (errorlog.map { ["--set", "errorlog=\($0)"] } ?? []) + arguments
        try super.init(
            executable: TagifaiBinary.url, arguments: serve, launcher: launcher, listeners: listeners, environment: environment,
            currentDirectory: PackageFiles.root, errorlog: errorlog, scratch: ScratchFolder("serve"))
        if waitForReady { try waitUntilReady() }
    }

    /// Whether `pid` exists and is not a zombie.
    static func isRunning(_ pid: Int32) -> Bool { ProcessTable.isRunning(pid) }

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
}
