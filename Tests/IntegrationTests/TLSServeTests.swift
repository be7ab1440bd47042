import Foundation
import Glibc
import Testing
import TestSupport

/// HTTPS through the real binary, driven with curl: each `cert_reqs` mode, the minimum TLS version,
/// a renewed certificate picked up by HUP, a bad one leaving the old generation serving, and
/// configuration errors that name the key and the file.
@Suite(.timeLimit(.minutes(3)), .serialized, .enabled(if: OutsideTools.available(TestCertificates.toolsInstalled), "needs openssl and curl (scripts/test installs them)"))
struct TLSServeTests {
    let certificates: TestCertificates

    init() throws {
        certificates = try TestCertificates()
    }

    /// `--set` arguments for the server certificate plus `extra` keys.
    private func tlsArguments(_ extra: [String: String] = [:]) -> [String] {
        let keys = ["certfile": certificates.serverCertificate, "keyfile": certificates.serverKey].merging(extra) { $1 }
        return keys.sorted { $0.key < $1.key }.flatMap { ["--set", "\($0.key)=\($0.value)"] }
    }

    /// `curl` of `https://127.0.0.1:PORT/` trusting the test authority, with `options` before the URL.
    private func curl(_ port: Int, _ options: [String] = []) throws -> ToolResult {
        try runTool(TestCertificates.curl, [
            "--silent", "--show-error", "--max-time", "10", "--cacert", certificates.authority,
        ] + options + ["https://127.0.0.1:\(port)/"])
    }

    private func clientCertificate(_ name: String = "client") -> [String] {
        ["--cert", certificates.path("\(name).pem"), "--key", certificates.path("\(name).key")]
    }

    private func url(in reply: ToolResult) throws -> String? {
        let envelope = try JSONSerialization.jsonObject(with: reply.stdout) as? [String: Any]
        return envelope?["url"] as? String
    }

    @Test func withoutClientCertificatesAnyClientIsServedOverTLS12And13() throws {
        let server = try ServerProcess(arguments: tlsArguments())
        let reply = try curl(server.port)
        #expect(reply.status == 0, "\(reply.stderr)")
        #expect(try url(in: reply) == "https://127.0.0.1:\(server.port)/")
        #expect(try curl(server.port, ["--tls-max", "1.2"]).status == 0)
        #expect(try curl(server.port, ["--tlsv1.3"]).status == 0)
        #expect(try curl(server.port, clientCertificate()).status == 0, "a certificate nobody asked for is ignored")
    }

    @Test func optionalClientCertificatesAreVerifiedOnlyWhenSent() throws {
        try selfSignedClient()
        let server = try ServerProcess(arguments: tlsArguments(["cert_reqs": "optional", "ca_certs": certificates.authority]))
        let anonymous = try curl(server.port)
        #expect(anonymous.status == 0, "\(anonymous.stderr)")
        #expect(try url(in: anonymous) == "https://127.0.0.1:\(server.port)/")
        let signed = try curl(server.port, clientCertificate())
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(try curl(server.port, clientCertificate("stranger")).status != 0, "a certificate from another authority is refused")
    }

    @Test func requiredClientCertificatesRefuseClientsWithoutOne() throws {
        try selfSignedClient()
        let server = try ServerProcess(arguments: tlsArguments(["cert_reqs": "required", "ca_certs": certificates.authority]))
        #expect(try curl(server.port).status != 0)
        #expect(try curl(server.port, ["--tls-max", "1.2"]).status != 0)
        #expect(try curl(server.port, clientCertificate("stranger")).status != 0)
        let signed = try curl(server.port, clientCertificate())
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(try url(in: signed) == "https://127.0.0.1:\(server.port)/")
        #expect(eventually(within: 10) { server.log.contains("TLS connection from") }, "refused handshakes are logged")
        #expect(!server.log.contains("closed after an error"), "a client's failed handshake is not the server's error")
    }

    @Test func tls12IsRefusedWhenTheMinimumIs13() throws {
        let server = try ServerProcess(arguments: tlsArguments(["tls_min_version": "1.3"]))
        let old = try curl(server.port, ["--tls-max", "1.2"])
        #expect(old.status == 35, "curl's handshake failure; \(old.stderr)")
        #expect(try curl(server.port).status == 0)
    }

    @Test func hupServesARenewedCertificateAndABadOneLeavesTheOldGenerationServing() throws {
        let live = certificates.path("live.pem"), liveKey = certificates.path("live.key")
        try install(certificates.serverCertificate, certificates.serverKey, as: live, liveKey)
        // Relative paths resolve against the config file's folder.
        let config = certificates.path("tagifai.yaml")
        try "certfile: live.pem\nkeyfile: live.key\n".write(toFile: config, atomically: true, encoding: .utf8)
        let server = try ServerProcess(workers: 2, arguments: ["--config", config])
        #expect(try TestCertificates.servedFingerprint(port: server.port)
            == TestCertificates.fingerprint(ofFile: certificates.serverCertificate))

        let renewed = try certificates.issue("renewed")
        let renewedFingerprint = try TestCertificates.fingerprint(ofFile: renewed)
        try install(renewed, certificates.path("renewed.key"), as: live, liveKey)
        let first = Set(server.workerPids)
        server.signal(SIGHUP)
        #expect(eventually(within: 30) {
            let now = Set(server.workerPids)
            return now.count == 2 && now.isDisjoint(with: first)
        })
        #expect(eventually(within: 10) { (try? TestCertificates.servedFingerprint(port: server.port)) == renewedFingerprint })

        let second = Set(server.workerPids)
        try "not a certificate\n".write(toFile: live, atomically: true, encoding: .utf8)
        server.signal(SIGHUP)
        #expect(eventually(within: 30) { server.log.contains("reload failed") })
        #expect(server.log.contains("certfile \(live): not a PEM certificate chain"), "the error names the key and the file")
        #expect(Set(server.workerPids) == second)
        #expect(try TestCertificates.servedFingerprint(port: server.port) == renewedFingerprint)
        #expect(try curl(server.port).status == 0)
    }

    @Test func checkConfigAndServeRefuseBadCertificatesNamingKeyAndFile() throws {
        let missing = certificates.path("missing.pem")
        let checked = try TagifaiBinary.run(
            ["check-config", "--set", "certfile=\(missing)", "--set", "keyfile=\(certificates.serverKey)"])
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("error: certfile \(missing): no such file; create it or set certfile to an existing file\n"))
        #expect(checked.stderr.contains("check-config: 1 error; the server would not start"))

        let served = try TagifaiBinary.run(
            ["serve", "--bind", "127.0.0.1:0", "--set", "certfile=\(certificates.serverCertificate)",
             "--set", "keyfile=\(certificates.clientKey)"])
        #expect(served.status == 78, "EX_CONFIG, as for any invalid configuration")
        #expect(served.stderr.contains(
            "error: keyfile \(certificates.clientKey): not the private key of the certificate in certfile \(certificates.serverCertificate)"))

        let config = certificates.path("half.yaml")
        try "certfile: server.pem\ncert_reqs: required\n".write(toFile: config, atomically: true, encoding: .utf8)
        let half = try TagifaiBinary.run(["check-config", "--config", config])
        #expect(half.status == 1)
        #expect(half.stderr.contains("error: config \(config) line 1: certfile: keyfile is not set"))
    }

    /// The supervisor checks the files as root before it drops privileges; workers load them as the
    /// server's user, so a key only root may read stops the start with the file named (exit 3).
    @Test(.enabled(if: getuid() == 0, "needs a root start"))
    func workersThatCannotReadTheKeyStopTheStartNamingTheFile() throws {
        #expect(try FileManager.default.attributesOfItem(atPath: certificates.serverKey)[.posixPermissions] as? Int == 0o600)
        let server = try ServerProcess(
            arguments: tlsArguments(["user": "65534", "group": "65534"]), waitForReady: false)
        #expect(server.waitForExit(within: 30) == 3)
        #expect(server.log.contains(
            "keyfile \(certificates.serverKey): cannot read the file (Permission denied); make it a file readable by the server's user"))
    }

    /// Copies a certificate and its key over the files the server reads, each replaced at once.
    private func install(_ certificate: String, _ key: String, as livePath: String, _ liveKey: String) throws {
        for (source, target) in [(key, liveKey), (certificate, livePath)] {
            try Data(contentsOf: URL(fileURLWithPath: source)).write(to: URL(fileURLWithPath: target), options: .atomic)
        }
    }

    /// `stranger.pem` and `stranger.key`: a client certificate no authority of the server's signed.
    private func selfSignedClient() throws {
        try runToolChecked(TestCertificates.openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=stranger", "-days", "1",
            "-keyout", certificates.path("stranger.key"), "-out", certificates.path("stranger.pem"),
        ])
    }
}
