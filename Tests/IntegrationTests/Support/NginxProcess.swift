import Foundation
import Glibc
import TestSupport

/// Debian's nginx in the foreground (a master and one worker), proxying a loopback port to a
/// tagifai server with the headers `etc/nginx/tagifai.conf` sets; killed when the test ends.
final class NginxProcess {
    static let path = "/usr/sbin/nginx"
    /// Whether nginx, and openssl and curl for the TLS side, are installed.
    static var isInstalled: Bool {
        [path, "/usr/bin/openssl", "/usr/bin/curl"].allSatisfy(FileManager.default.isExecutableFile(atPath:))
    }

    let process = Process()
    let port: Int
    /// The same proxy over TLS, with a self-signed certificate for `tagifai.test`.
    let tlsPort: Int

    /// Starts nginx on two 127.0.0.1 sockets the test binds (plain and TLS) in front of `upstream`,
    /// connecting to it from `sourceAddress` (so the server sees the proxy at an address of its own),
    /// and waits until it serves them.
    init(upstream: Int, sourceAddress: String, in scratch: ScratchFolder) throws {
        let listeners = try InheritedListeners(.nginx, count: 2)
        port = listeners.ports[0]
        tlsPort = listeners.ports[1]
        let prefix = scratch.path("nginx")
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        try Self.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=tagifai.test", "-days", "1", "-keyout", "\(prefix)/key.pem", "-out", "\(prefix)/cert.pem",
        ])
        let config = try scratch.write("nginx/nginx.conf", Self.config(prefix: prefix, http: """
                upstream tagifai { server 127.0.0.1:\(upstream); keepalive 4; }
                server {
                    listen 127.0.0.1:\(port);
                    listen 127.0.0.1:\(tlsPort) ssl;
                    ssl_certificate \(prefix)/cert.pem;
                    ssl_certificate_key \(prefix)/key.pem;
                    location / {
                        proxy_pass http://tagifai;
                        proxy_bind \(sourceAddress);
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Real-IP $remote_addr;
                        proxy_set_header X-Forwarded-For $remote_addr;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $host;
                        proxy_set_header Forwarded "";
                    }
                }
            """))
        try Self.launch(process, prefix: prefix, config: config, listeners: listeners)
    }

    /// Starts nginx with the shipped `etc/nginx/tagifai.conf` itself, its upstream `server` lines
    /// replaced by one for `upstream` on 127.0.0.1 and its `listen 80` by a 127.0.0.1 socket the
    /// test binds (no TLS port: `tlsPort` is 0), and waits until it serves it.
    init(shippedSiteBefore upstream: Int, in scratch: ScratchFolder) throws {
        let listeners = try InheritedListeners(.nginx)
        port = listeners.ports[0]
        tlsPort = 0
        let prefix = scratch.path("nginx")
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        let site = try Self.shippedSite(upstream: "127.0.0.1:\(upstream)", listen: "127.0.0.1:\(port)")
        let config = try scratch.write("nginx/nginx.conf", Self.config(prefix: prefix, http: site))
        try Self.launch(process, prefix: prefix, config: config, listeners: listeners)
    }

    /// `etc/nginx/tagifai.conf` with its upstream servers replaced by `upstream` (keeping the first
    /// one's parameters) and `listen 80;` by `listen`, as `scripts/tagifai_tools/nginx.py` renders it.
    static func shippedSite(upstream: String, listen: String) throws -> String {
        let path = PackageFiles.root.appendingPathComponent("etc/nginx/tagifai.conf").path
        var kept: [String] = []
        var replaced = (upstream: false, listen: false)
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words.first == "server", words.count >= 2, words[1].contains(":") {
                guard !replaced.upstream else { continue }
                replaced.upstream = true
                kept.append(line.replacingOccurrences(of: String(words[1]), with: upstream))
            } else if line.trimmingCharacters(in: .whitespaces) == "listen 80;" {
                replaced.listen = true
                kept.append(line.replacingOccurrences(of: "listen 80;", with: "listen \(listen);"))
            } else {
                kept.append(String(line))
            }
        }
        guard replaced.upstream, replaced.listen else {
            throw ShippedSiteError(description: "\(path) has no upstream `server HOST:PORT` or `listen 80;` line to replace")
        }
        return kept.joined(separator: "\n")
    }

    /// A whole config for a foreground nginx writing its files under `prefix`, with `http` in its
    /// http block.
    static func config(prefix: String, http: String) -> String {
        """
        \(mainContext(prefix: prefix))
        http {
            access_log off;
            client_body_temp_path \(prefix)/body;
            proxy_temp_path \(prefix)/proxy;
            fastcgi_temp_path \(prefix)/fastcgi;
            uwsgi_temp_path \(prefix)/uwsgi;
            scgi_temp_path \(prefix)/scgi;
        \(http)
        }
        """
    }

    /// The top of a config for a foreground nginx writing its files under `prefix`: a master and one
    /// worker, which runs as the test's user. Not `master_process off`: nginx 1.22 in one process
    /// dies of SIGSEGV as it starts serving sockets it inherited.
    static func mainContext(prefix: String) -> String {
        """
        daemon off;
        worker_processes 1;
        user \(getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "nobody");
        pid \(prefix)/nginx.pid;
        error_log \(prefix)/error.log;
        events { worker_connections 64; }
        """
    }

    /// Runs nginx in `process` with `config` under `prefix`, serving `listeners`, and waits until its
    /// master has taken them and started its worker. Connecting proves nothing here (the test's
    /// sockets queue connections before nginx runs); a request made before the worker accepts waits
    /// in the queue.
    static func launch(_ process: Process, prefix: String, config: String, listeners: InheritedListeners) throws {
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = ["-p", prefix, "-c", config, "-e", "\(prefix)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try listeners.run(process)
        let log = { (try? String(contentsOfFile: "\(prefix)/error.log", encoding: .utf8)) ?? "" }
        let started = eventually(within: 10) {
            !process.isRunning || (log().contains("using inherited sockets from")
                && ProcessTable.children(of: process.processIdentifier).contains(where: ProcessTable.isRunning))
        }
        guard started, process.isRunning else {
            throw SupervisorNotReady(log: "nginx did not start on the test's sockets: \(log())")
        }
    }

    deinit {
        Self.stop(process)
    }

    /// Kills nginx's master and its worker, which outlives a master killed alone.
    static func stop(_ process: Process) {
        process.killWithChildren(ProcessTable.children(of: process.processIdentifier))
    }

    /// Runs a tool to its end, failing when it exits other than 0.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        try runToolChecked(tool, arguments).stdout
    }
}

/// The shipped nginx site lacks a line the tests replace.
struct ShippedSiteError: Error, CustomStringConvertible {
    let description: String
}
