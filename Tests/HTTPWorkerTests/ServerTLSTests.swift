import Foundation
import HTTPWorker
import Prefork
import Testing
import TestSupport

/// Loading the TLS files: what is served over HTTPS, and every way the files can be wrong, each
/// error naming the key, the file and the fix.
@Suite(.timeLimit(.minutes(3)), .enabled(if: OutsideTools.available(TestCertificates.toolsInstalled), "needs openssl and curl (scripts/test installs them)"))
struct ServerTLSTests {
    private func config(certfile: String?, keyfile: String?) -> HTTPSettings {
        TestServer.config {
            $0.certfile = certfile
            $0.keyfile = keyfile
        }
    }

    private func loadError(_ config: HTTPSettings, now: Date = Date()) -> TLSError? {
        do {
            _ = try ServerTLS.load(config, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func noCertificateMeansNoTLS() throws {
        #expect(try ServerTLS.load(TestServer.config()) == nil)
    }

    @Test func servesHTTPSAndTheURLSaysSo() async throws {
        let certificates = try TestCertificates()
        let config = config(certfile: certificates.serverCertificate, keyfile: certificates.serverKey)
        let tls = try #require(try ServerTLS.load(config))
        try await TestServer.with(config, tls: tls) { server in
            let reply = try runTool(TestCertificates.curl, [
                "--silent", "--show-error", "--max-time", "10", "--cacert", certificates.authority,
                "https://localhost:\(server.port)/url",
            ])
            #expect(reply.status == 0, "\(reply.stderr)")
            #expect(reply.output == "https://localhost:\(server.port)/url")
            let plain = try? server.exchange("GET /url HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(plain?.status != 200, "plain HTTP is not answered on a TLS socket")
        }
    }

    @Test func aClientThatNeverStartsTheHandshakeIsClosedAtTheHeaderTimeout() async throws {
        let certificates = try TestCertificates()
        var config = config(certfile: certificates.serverCertificate, keyfile: certificates.serverKey)
        config.headerTimeout = 1
        let tls = try #require(try ServerTLS.load(config))
        try await TestServer.with(config, tls: tls) { server in
            let silent = try server.client(timeout: 5)
            let started = ContinuousClock.now
            #expect(silent.isClosedByServer())
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }

    @Test func aMissingFileIsNamedWithItsKey() throws {
        let certificates = try TestCertificates()
        let missing = certificates.path("nowhere.pem")
        let error = loadError(config(certfile: missing, keyfile: certificates.serverKey))
        #expect(error == .missingFile(key: "certfile", path: missing))
        #expect(error?.description == "certfile \(missing): no such file; create it or set certfile to an existing file")
    }

    @Test func anUnreadableFileSaysWhy() throws {
        let certificates = try TestCertificates()
        let folder = certificates.folder.path
        let error = loadError(config(certfile: certificates.serverCertificate, keyfile: folder))
        #expect(error == .unreadableFile(key: "keyfile", path: folder, reason: "Is a directory"))
    }

    @Test func swappedFilesAreNotPEMOfTheRightKind() throws {
        let certificates = try TestCertificates()
        let swapped = loadError(config(certfile: certificates.serverKey, keyfile: certificates.serverCertificate))
        #expect(swapped?.description == "certfile \(certificates.serverKey): not a PEM certificate chain "
            + "(it holds a private key: is it the keyfile?); set certfile to a PEM file, or convert it with openssl")
        let garbage = certificates.path("garbage.pem")
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(loadError(config(certfile: certificates.serverCertificate, keyfile: garbage))
            == .notPEM(key: "keyfile", path: garbage, expected: "an unencrypted PEM private key",
                       hint: "no -----BEGIN line; a DER file converts with openssl"))
    }

    @Test func aKeyOfAnotherCertificateIsAMismatch() throws {
        let certificates = try TestCertificates()
        let error = loadError(config(certfile: certificates.serverCertificate, keyfile: certificates.clientKey))
        #expect(error == .keyMismatch(certfile: certificates.serverCertificate, keyfile: certificates.clientKey))
        #expect(error?.description.hasPrefix("keyfile \(certificates.clientKey): not the private key of the certificate in certfile") == true)
    }

    @Test func anExpiredCertificateIsRefused() throws {
        let certificates = try TestCertificates()
        let expired = try certificates.issue("expired", days: -1)
        let error = loadError(config(certfile: expired, keyfile: certificates.path("expired.key")))
        guard case .expired(let certfile, _) = error else {
            Issue.record("expected an expired certificate error, got \(String(describing: error))")
            return
        }
        #expect(certfile == expired)
        #expect(error?.description.contains("renew it, then reload the server (HUP)") == true)
        // The same certificate is served while it is valid.
        #expect(loadError(config(certfile: expired, keyfile: certificates.path("expired.key")),
                          now: Date().addingTimeInterval(-3 * 86400)) == nil)
    }

    @Test func badAuthoritiesAreNamedWithTheirKey() throws {
        let certificates = try TestCertificates()
        var config = config(certfile: certificates.serverCertificate, keyfile: certificates.serverKey)
        config.caCerts = certificates.clientKey
        config.certReqs = .required
        #expect(loadError(config) == .notPEM(
            key: "ca_certs", path: certificates.clientKey, expected: "PEM certificates of certificate authorities",
            hint: "it holds a private key: is it the keyfile?"))
    }
}
