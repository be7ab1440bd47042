import Foundation

/// A certificate authority with a server certificate (for `localhost` and 127.0.0.1) and a client
/// certificate, made by `openssl` in a fresh temporary folder for one test and removed with it: no
/// key is ever committed. EC P-256 keys, which openssl makes in milliseconds.
public final class TestCertificates {
    public static let openssl = "/usr/bin/openssl"
    public static let curl = "/usr/bin/curl"
    /// Whether `openssl` and `curl` are installed (scripts/test installs them).
    public static var toolsInstalled: Bool {
        [openssl, curl].allSatisfy(FileManager.default.isExecutableFile(atPath:))
    }

    private let scratch: ScratchFolder
    public var folder: URL { scratch.url }

    /// Makes the authority (`ca.pem`), the server's `server.pem`/`server.key` and the client's
    /// `client.pem`/`client.key`.
    public init() throws {
        scratch = try ScratchFolder("tls")
        try runToolChecked(Self.openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=tagifai test CA", "-days", "2", "-keyout", path("ca.key"), "-out", path("ca.pem"),
        ])
        try issue("server", subject: "localhost", extensions: """
            subjectAltName = DNS:localhost, IP:127.0.0.1
            extendedKeyUsage = serverAuth
            """)
        try issue("client", subject: "tagifai test client", extensions: "extendedKeyUsage = clientAuth\n")
    }

    /// The absolute path of `name` in the folder.
    public func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    public var authority: String { path("ca.pem") }
    public var serverCertificate: String { path("server.pem") }
    public var serverKey: String { path("server.key") }
    public var clientCertificate: String { path("client.pem") }
    public var clientKey: String { path("client.key") }

    /// Issues `name.pem` with a new key `name.key`, signed by the authority and valid for `days` from
    /// now (a negative count makes one that has already expired); returns the certificate's path.
    @discardableResult
    public func issue(_ name: String, subject: String = "localhost", days: Int = 2, extensions: String? = nil) throws -> String {
        let extensionsFile = path("\(name).ext")
        try (extensions ?? "subjectAltName = DNS:localhost, IP:127.0.0.1\n")
            .write(toFile: extensionsFile, atomically: true, encoding: .utf8)
        try runToolChecked(Self.openssl, [
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=\(subject)", "-keyout", path("\(name).key"), "-out", path("\(name).csr"),
        ])
        try runToolChecked(Self.openssl, [
            "x509", "-req", "-in", path("\(name).csr"), "-CA", authority, "-CAkey", path("ca.key"),
            "-days", String(days), "-extfile", extensionsFile, "-out", path("\(name).pem"),
        ])
        return path("\(name).pem")
    }

    /// The SHA-256 fingerprint of the PEM certificate in `file`.
    public static func fingerprint(ofFile file: String) throws -> String {
        try fingerprint(of: try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    /// The SHA-256 fingerprint of the certificate a TLS server on 127.0.0.1:`port` presents.
    public static func servedFingerprint(port: Int) throws -> String {
        let handshake = try runToolChecked(openssl, ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost"])
        return try fingerprint(of: handshake.stdout)
    }

    private static func fingerprint(of pem: Data) throws -> String {
        try runToolChecked(openssl, ["x509", "-noout", "-fingerprint", "-sha256"], input: pem).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
