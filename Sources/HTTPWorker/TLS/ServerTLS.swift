import FoundationEssentials
import NIOSSL

/// The TLS context a worker's connections are served with, built from the config's TLS keys.
///
/// The supervisor builds one to check the files before it starts or reloads (so `check-config`, a
/// start and a HUP fail on a bad certificate with its key and file named); each worker builds its own
/// when it boots, so a new generation serves whatever the files hold at that moment.
public struct ServerTLS: Sendable {
    /// The context every connection's handler shares.
    let context: NIOSSLContext

    /// Reads `certfile`, `keyfile` and `ca_certs` and builds the context; nil when TLS is off.
    ///
    /// A certificate past its end of validity is refused: every client would refuse it too.
    public static func load(_ config: HTTPSettings, now: Date = Date()) throws(TLSError) -> ServerTLS? {
        guard let certfile = config.certfile, let keyfile = config.keyfile else { return nil }
        let chain = try certificates(PEMFile(key: "certfile", path: certfile), expected: "a PEM certificate chain")
        let key = try privateKey(PEMFile(key: "keyfile", path: keyfile))
        let notAfter = Date(timeIntervalSince1970: TimeInterval(chain[0].notValidAfter))
        guard notAfter > now else {
            throw .expired(certfile: certfile, notAfter: notAfter.formatted(.iso8601))
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = config.tlsMinVersion == .v1_3 ? .tlsv13 : .tlsv12
        // ALPN offers h2 (and http/1.1) when http_protocols has HTTP/2; HTTP/1 alone offers none.
        configuration.applicationProtocols = config.httpProtocols.alpnNames
        switch config.certReqs {
        case .none: configuration.certificateVerification = .none
        case .optional: configuration.certificateVerification = .optionalVerification
        case .required: configuration.certificateVerification = .noHostnameVerification
        }
        if let caCerts = config.caCerts {
            let authorities = try certificates(
                PEMFile(key: "ca_certs", path: caCerts), expected: "PEM certificates of certificate authorities")
            configuration.trustRoots = .certificates(authorities)
            configuration.sendCANameList = true
        }
        do {
            return ServerTLS(context: try NIOSSLContext(configuration: configuration))
        } catch NIOSSLError.failedToLoadPrivateKey {
            // The key parsed on its own above, so the library refused it against the certificate.
            throw .keyMismatch(certfile: certfile, keyfile: keyfile)
        } catch {
            throw .rejected(certfile: certfile, keyfile: keyfile, reason: "\(error)")
        }
    }

    private static func certificates(_ file: PEMFile, expected: String) throws(TLSError) -> [NIOSSLCertificate] {
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(file.bytes), !certificates.isEmpty else {
            throw file.notPEM(expected, label: "CERTIFICATE")
        }
        return certificates
    }

    private static func privateKey(_ file: PEMFile) throws(TLSError) -> NIOSSLPrivateKey {
        guard let key = try? NIOSSLPrivateKey(bytes: file.bytes, format: .pem) else {
            throw file.notPEM("an unencrypted PEM private key", label: "PRIVATE KEY")
        }
        return key
    }
}
