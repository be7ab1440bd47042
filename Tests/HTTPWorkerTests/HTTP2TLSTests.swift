import HTTPWorker
import Testing
import TestSupport

/// HTTP/2 over TLS: ALPN offers what `http_protocols` names, and the client's pick decides the
/// connection's version, checked with curl against a certificate made for the test.
@Suite(.timeLimit(.minutes(3)), .enabled(if: OutsideTools.available(TestCertificates.toolsInstalled), "needs openssl and curl (scripts/test installs them)"))
struct HTTP2TLSTests {
    /// The HTTP version curl used for `path` (`2` or `1.1`) and the body it got, with curl's `flags`.
    private func fetch(_ port: Int, _ certificates: TestCertificates, _ flags: [String], path: String = "/url") throws -> (version: String, body: String) {
        let result = try runTool(TestCertificates.curl, [
            "--silent", "--show-error", "--max-time", "10", "--cacert", certificates.authority,
            "--write-out", "\n%{http_version}",
        ] + flags + ["https://localhost:\(port)\(path)"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (String(lines.last ?? ""), lines.dropLast().joined(separator: "\n"))
    }

    private func serve(_ protocols: HTTPProtocols, _ body: (Int, TestCertificates) throws -> Void) async throws {
        let certificates = try TestCertificates()
        let config = TestServer.config {
            $0.certfile = certificates.serverCertificate
            $0.keyfile = certificates.serverKey
            $0.httpProtocols = protocols
        }
        let tls = try #require(try ServerTLS.load(config))
        try await TestServer.with(config, tls: tls) { server in try body(server.port, certificates) }
    }

    @Test func alpnPicksHTTP2OrHTTP1PerClientWhenBothAreSpoken() async throws {
        try await serve(.both) { port, certificates in
            let h2 = try fetch(port, certificates, ["--http2"])
            #expect(h2.version == "2")
            #expect(h2.body == "https://localhost:\(port)/url")
            let h1 = try fetch(port, certificates, ["--http1.1"])
            #expect(h1.version == "1.1")
            #expect(h1.body == "https://localhost:\(port)/url")
        }
    }

    @Test func anHTTP1OnlyServerOffersNoH2() async throws {
        try await serve(.http1) { port, certificates in
            let reply = try fetch(port, certificates, ["--http2"])
            #expect(reply.version == "1.1")
        }
    }

    @Test func anHTTP2OnlyServerServesH2() async throws {
        try await serve(.http2) { port, certificates in
            let reply = try fetch(port, certificates, ["--http2"], path: "/items/5")
            #expect(reply.version == "2")
            #expect(reply.body == "5")
        }
    }
}
