import Foundation
import HTTPWorker
import Testing
@testable import Settings

/// The TLS keys: their values, paths resolved against the config's folder, and the contradictions
/// between them reported with the key and where it was set.
@Suite struct TLSSettingTests {
    @Test func tlsIsOffByDefault() throws {
        let config = try HTTPSettingsFixture().load()
        #expect(!config.tlsEnabled)
        #expect(config.certReqs == .none)
        #expect(config.tlsMinVersion == .v1_2)
    }

    @Test func relativeCertificatePathsResolveAgainstTheConfigFolder() throws {
        let fixture = try HTTPSettingsFixture()
        let path = try fixture.write("""
            certfile: tls/server.pem
            keyfile: ../keys/server.key
            ca_certs: tls/ca.pem
            cert_reqs: required
            tls_min_version: 1.3
            """)
        let server = try fixture.load(file: path)
        #expect(server.tlsEnabled)
        #expect(server.certfile == fixture.folder.path + "/tls/server.pem")
        #expect(server.keyfile == fixture.folder.deletingLastPathComponent().path + "/keys/server.key")
        #expect(server.caCerts == fixture.folder.path + "/tls/ca.pem")
        #expect(server.certReqs == .required)
        #expect(server.tlsMinVersion == .v1_3)
    }

    @Test(arguments: [("cert_reqs", "always"), ("tls_min_version", "1.1"), ("tls_min_version", "TLSv1.3")])
    func unknownModesAreRejected(key: String, value: String) throws {
        let fixture = try HTTPSettingsFixture()
        let errors = fixture.errors(environment: ["APP_" + key.uppercased(): value])
        #expect(errors.count == 1)
        #expect(errors.first?.description.hasPrefix("environment APP_\(key.uppercased()): invalid value \"\(value)\"") == true)
    }

    @Test func certfileWithoutKeyfileNamesTheFileLineAndFix() throws {
        let fixture = try HTTPSettingsFixture()
        let path = try fixture.write("threads: 2\ncertfile: /etc/tls/server.pem\n")
        let errors = fixture.errors(file: path)
        #expect(errors == [.conflict(
            source: .file(path: path, line: 2), key: "certfile",
            problem: "keyfile is not set; set keyfile to the private key of this certificate")])
        #expect(errors.first?.description
            == "config \(path) line 2: certfile: keyfile is not set; set keyfile to the private key of this certificate")
    }

    @Test func keyfileWithoutCertfileIsRejected() throws {
        let fixture = try HTTPSettingsFixture()
        let errors = fixture.errors(overrides: [try ConfigOverride(assignment: "keyfile=server.key")])
        #expect(errors.count == 1)
        #expect(errors.first?.description.hasPrefix("flag --set keyfile: certfile is not set") == true)
    }

    @Test(arguments: ["optional", "required"])
    func clientCertificatesNeedAuthorities(mode: String) throws {
        let fixture = try HTTPSettingsFixture()
        let path = try fixture.write("certfile: s.pem\nkeyfile: s.key\ncert_reqs: \(mode)\n")
        let errors = fixture.errors(file: path)
        #expect(errors.count == 1)
        #expect(errors.first?.description.hasPrefix(
            "config \(path) line 3: cert_reqs: \(mode) needs ca_certs, the authorities that client certificates are verified against; set ca_certs") == true)
    }

    @Test func tlsKeysWithoutACertificateAreEachReported() throws {
        let fixture = try HTTPSettingsFixture()
        let path = try fixture.write("ca_certs: ca.pem\ncert_reqs: required\ntls_min_version: '1.3'\n")
        let errors = fixture.errors(file: path)
        #expect(errors.map(\.description) == ["ca_certs", "cert_reqs", "tls_min_version"].enumerated().map { line, key in
            "config \(path) line \(line + 1): \(key): has no effect while certfile and keyfile are not set; "
                + "set them to turn on TLS, or remove \(key)"
        })
    }

    @Test func theWorkerReadsTheSameTLSSettingsFromTheHandOver() throws {
        let fixture = try HTTPSettingsFixture()
        let path = try fixture.write("certfile: s.pem\nkeyfile: s.key\nca_certs: ca.pem\ncert_reqs: optional\n")
        let loaded = try fixture.entries(file: path)
        let decoded = try HTTPSettingsFixture.handedOver(loaded)
        #expect(decoded == (try HTTPSettings(values: loaded.serverValues)))
        #expect(decoded.certReqs == .optional)
    }
}
