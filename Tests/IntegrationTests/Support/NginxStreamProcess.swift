import Foundation
import TestSupport

/// Debian's nginx relaying TCP (its `stream` module) to a tagifai server with `proxy_protocol on`,
/// so each connection starts with a PROXY protocol v1 line naming the client; killed when the test ends.
final class NginxStreamProcess {
    static let module = "/usr/lib/nginx/modules/ngx_stream_module.so"
    /// Whether nginx, its stream module and curl are installed (`scripts/install-nginx`).
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: NginxProcess.path)
            && FileManager.default.fileExists(atPath: module)
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")
    }

    let process = Process()
    let port: Int

    /// Starts nginx on a 127.0.0.1 socket the test binds, relaying to `upstream` from `sourceAddress`,
    /// and waits until it serves it.
    init(upstream: Int, sourceAddress: String, in scratch: ScratchFolder) throws {
        let listeners = try InheritedListeners(.nginx)
        port = listeners.ports[0]
        let prefix = scratch.path("nginx-stream")
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        let config = try scratch.write("nginx-stream/nginx.conf", """
            load_module \(Self.module);
            \(NginxProcess.mainContext(prefix: prefix))
            stream {
                server {
                    listen 127.0.0.1:\(port);
                    proxy_pass 127.0.0.1:\(upstream);
                    proxy_bind \(sourceAddress);
                    proxy_protocol on;
                }
            }
            """)
        try NginxProcess.launch(process, prefix: prefix, config: config, listeners: listeners)
    }

    deinit {
        NginxProcess.stop(process)
    }
}
