import Foundation
import Glibc
import TestSupport

/// Debian's nginx in one process (no daemon, no master), proxying a loopback port to a tagifai
/// server with the headers `etc/nginx/tagifai.conf` sets; killed when the test ends.
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

    /// Starts nginx on two free 127.0.0.1 ports (plain and TLS) in front of `upstream`, connecting to
    /// it from `sourceAddress` (so the server sees the proxy at an address of its own), and waits
    /// until it accepts connections.
    init(upstream: Int, sourceAddress: String, in scratch: ScratchFolder) throws {
        port = try freePort()
        tlsPort = try freePort()
        let prefix = scratch.path("nginx")
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        try Self.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=tagifai.test", "-days", "1", "-keyout", "\(prefix)/key.pem", "-out", "\(prefix)/cert.pem",
        ])
        let config = try scratch.write("nginx/nginx.conf", """
            \(Self.mainContext(prefix: prefix))
            http {
                access_log off;
                client_body_temp_path \(prefix)/body;
                proxy_temp_path \(prefix)/proxy;
                fastcgi_temp_path \(prefix)/fastcgi;
                uwsgi_temp_path \(prefix)/uwsgi;
                scgi_temp_path \(prefix)/scgi;
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
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                    }
                }
            }
            """)
        try Self.launch(process, prefix: prefix, config: config, port: port)
    }

    /// The top of a config for one foreground process writing its files under `prefix`.
    static func mainContext(prefix: String) -> String {
        """
        daemon off;
        master_process off;
        pid \(prefix)/nginx.pid;
        error_log \(prefix)/error.log;
        events { worker_connections 64; }
        """
    }

    /// Runs nginx in `process` with `config` under `prefix` and waits until it accepts on `port`.
    static func launch(_ process: Process, prefix: String, config: String, port: Int) throws {
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = ["-p", prefix, "-c", config, "-e", "\(prefix)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard eventually(within: 10, { (try? RawHTTPClient(port: port, timeout: 1)) != nil }) else {
            let log = (try? String(contentsOfFile: "\(prefix)/error.log", encoding: .utf8)) ?? ""
            throw ServerProcessError.notReady("nginx did not start: \(log)")
        }
    }

    deinit {
        process.killWithChildren([])
    }

    /// Runs a tool to its end, failing when it exits other than 0.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        try runToolChecked(tool, arguments).stdout
    }
}
