import Foundation
import Testing
import TestSupport

/// `tagifai serve` with `proxy_protocol: true`: PROXY protocol v1 and v2 headers name the client in
/// the access log, connections without one are closed and counted, and a real nginx `stream` proxy
/// with `proxy_protocol on` gets the client's address through.
@Suite(.timeLimit(.minutes(3))) struct ProxyProtocolTests {
    /// The address nginx connects to the server from: the only trusted proxy.
    static let proxyAddress = "127.0.0.5"
    /// The address the client behind nginx connects from.
    static let clientAddress = "127.0.0.9"

    @Test func headersNameTheClientAndConnectionsWithoutOneAreRefused() throws {
        let scratch = try ScratchFolder()
        let accessLog = scratch.path("access.log")
        let server = try ServerProcess(arguments: [
            "--set", "proxy_protocol=true", "--set", "metrics_bind=127.0.0.1:0",
            "--set", "accesslog=\(accessLog)", "--set", "access_log_format=%(h)s %(U)s?%(q)s",
        ])
        func request(_ via: String) -> String { "GET /?via=\(via) HTTP/1.1\r\nHost: tagifai.test\r\nConnection: close\r\n\r\n" }
        let version1 = try server.connect()
        try version1.send("PROXY TCP4 198.51.100.4 127.0.0.1 40000 \(server.port)\r\n" + request("v1"))
        #expect(try version1.readReply().status == 200)

        let version2 = try server.connect()
        let block: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00, 12,
                              198, 51, 100, 5, 127, 0, 0, 1, 0x9C, 0x41, UInt8(server.port >> 8), UInt8(server.port & 0xFF)]
        try version2.send(block + Array(request("v2").utf8))
        #expect(try version2.readReply().status == 200)

        let plain = try server.connect(timeout: 10)
        try plain.send(request("plain"))
        #expect(plain.isClosedByServer())

        #expect(eventually(within: 10) {
            let log = contents(accessLog)
            return log.contains("198.51.100.4 /?via=v1\n") && log.contains("198.51.100.5 /?via=v2\n")
        })
        #expect(!contents(accessLog).contains("plain"))
        #expect(server.log.contains("did not start with a PROXY protocol header"))
        let metricsPort = try #require(server.namedPort("metrics"))
        let samples = metricSamples(try server.metricsText(port: metricsPort))
        #expect(samples[#"tagifai_proxy_protocol_refusals_total{reason="invalid_header"}"#] == 1)
        #expect(samples[#"tagifai_proxy_protocol_refusals_total{reason="untrusted_peer"}"#] == 0)
    }

    @Test(.enabled(if: OutsideTools.available(NginxStreamProcess.isInstalled), "needs nginx with its stream module and curl (scripts/install-nginx)"))
    func behindNginxStreamTheAccessLogShowsTheClient() throws {
        let scratch = try ScratchFolder()
        let accessLog = scratch.path("access.log")
        let server = try ServerProcess(arguments: [
            "--set", "proxy_protocol=true", "--set", "forwarded_allow_ips=\(Self.proxyAddress)",
            "--set", "accesslog=\(accessLog)", "--set", "access_log_format=%(h)s %(U)s?%(q)s",
        ])
        let nginx = try NginxStreamProcess(upstream: server.port, sourceAddress: Self.proxyAddress, in: scratch)
        let body = try NginxProcess.run("/usr/bin/curl", [
            "--silent", "--max-time", "10", "--interface", Self.clientAddress,
            "http://127.0.0.1:\(nginx.port)/?through=stream",
        ])
        let envelope = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        #expect(envelope?["url"] as? String == "http://127.0.0.1:\(nginx.port)/?through=stream")
        #expect(eventually(within: 10) { contents(accessLog).contains("\(Self.clientAddress) /?through=stream\n") })

        // Straight from 127.0.0.1, which is not the trusted proxy: closed even with a header.
        let direct = try server.connect(timeout: 10)
        try direct.send("PROXY TCP4 203.0.113.66 127.0.0.1 40000 \(server.port)\r\nGET /?direct=forged HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(direct.isClosedByServer())
        #expect(server.log.contains("the peer is not in forwarded_allow_ips"))
        #expect(!contents(accessLog).contains("203.0.113"))
        _ = nginx
    }
}
