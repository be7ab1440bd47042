import Foundation
import Glibc
import Testing
import TestSupport

/// A real nginx in front of `tagifai serve`, trusted by `forwarded_allow_ips`: the envelope's `url`
/// and the access log name the client, and the same headers sent straight to the server do not.
@Suite(.timeLimit(.minutes(3)), .enabled(if: OutsideTools.available(NginxProcess.isInstalled), "needs Debian's nginx-light, openssl and curl (scripts/test installs them)"))
struct ForwardedProxyTests {
    /// The address nginx connects to the server from: the only trusted proxy.
    static let proxyAddress = "127.0.0.5"

    @Test func behindNginxTheURLAndAccessLogShowTheClient() throws {
        let scratch = try ScratchFolder()
        let accessLog = scratch.path("access.log")
        let server = try Self.server(trusting: Self.proxyAddress, accessLog: accessLog)
        let nginx = try NginxProcess(upstream: server.port, sourceAddress: Self.proxyAddress, in: scratch)

        let client = try RawHTTPClient(port: nginx.port, timeout: 10)
        try client.send("GET /?through=nginx HTTP/1.1\r\nHost: tagifai.test:\(nginx.port)\r\n"
            + "X-Forwarded-For: 203.0.113.66\r\nConnection: close\r\n\r\n")
        let proxied = try client.readReply(head: false)
        #expect(proxied.status == 200)
        // nginx's $host drops the port; the forged address before nginx's own is not the client.
        #expect(try Self.url(of: proxied) == "http://tagifai.test/?through=nginx")
        #expect(eventually(within: 10) { contents(accessLog).contains("127.0.0.1 /?through=nginx\n") })

        // Over TLS nginx says X-Forwarded-Proto: https, and the url keeps the client's scheme.
        let overTLS = try NginxProcess.run("/usr/bin/curl", [
            "--silent", "--insecure", "--max-time", "10", "--resolve", "tagifai.test:\(nginx.tlsPort):127.0.0.1",
            "https://tagifai.test:\(nginx.tlsPort)/?through=tls",
        ])
        let envelope = try JSONSerialization.jsonObject(with: overTLS) as? [String: Any]
        #expect(envelope?["url"] as? String == "https://tagifai.test/?through=tls")
        #expect(eventually(within: 10) { contents(accessLog).contains("127.0.0.1 /?through=tls\n") })

        let direct = try server.request("GET", "/?direct=forged", headers: [
            "X-Forwarded-For": "203.0.113.66", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "forged.example",
            "Forwarded": "for=203.0.113.67;proto=https;host=forged.example",
        ])
        #expect(try Self.url(of: direct) == "http://127.0.0.1:\(server.port)/?direct=forged")
        #expect(eventually(within: 10) { contents(accessLog).contains("127.0.0.1 /?direct=forged\n") })
        #expect(!contents(accessLog).contains("203.0.113"))
        _ = nginx
    }

    /// The shipped `etc/nginx/tagifai.conf` sets or clears every forwarding header: what a client
    /// forges in `Forwarded`, `X-Forwarded-For` and `X-Forwarded-Host` reaches neither the access log
    /// nor the `url`, and `/metrics` is nginx's own 404.
    @Test func theShippedNginxSiteDropsForgedForwardingHeaders() throws {
        let scratch = try ScratchFolder()
        let accessLog = scratch.path("access.log")
        let server = try Self.server(trusting: "127.0.0.1", accessLog: accessLog)
        let nginx = try NginxProcess(shippedSiteBefore: server.port, in: scratch)

        let client = try RawHTTPClient(port: nginx.port, timeout: 10)
        try client.send("GET /?forged=nginx HTTP/1.1\r\nHost: tagifai.test\r\n"
            + "Forwarded: for=203.0.113.66;proto=https;host=evil.example\r\n"
            + "X-Forwarded-For: 203.0.113.67\r\nX-Forwarded-Host: evil.example\r\n"
            + "X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n")
        let proxied = try client.readReply(head: false)
        #expect(proxied.status == 200)
        #expect(try Self.url(of: proxied) == "http://tagifai.test/?forged=nginx")
        #expect(eventually(within: 10) { contents(accessLog).contains("127.0.0.1 /?forged=nginx\n") })
        #expect(!contents(accessLog).contains("203.0.113"))

        let metrics = try RawHTTPClient(port: nginx.port, timeout: 10)
        try metrics.send("GET /metrics HTTP/1.1\r\nHost: tagifai.test\r\nConnection: close\r\n\r\n")
        #expect(try metrics.readReply(head: false).status == 404)
        #expect(!contents(accessLog).contains("/metrics"))
        _ = nginx
    }

    /// A server logging each request's client and target to `accessLog`, trusting `proxy`.
    private static func server(trusting proxy: String, accessLog: String) throws -> ServerProcess {
        try ServerProcess(arguments: [
            "--set", "accesslog=\(accessLog)", "--set", "access_log_format=%(h)s %(U)s?%(q)s",
            "--set", "forwarded_allow_ips=\(proxy)",
        ])
    }

    private static func url(of reply: RawHTTPClient.Reply) throws -> String? {
        let envelope = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
        return envelope?["url"] as? String
    }
}
