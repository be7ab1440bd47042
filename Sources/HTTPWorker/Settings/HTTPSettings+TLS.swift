import Settings

/// Whether the server asks TLS clients for a certificate (`cert_reqs`), in gunicorn's three modes.
public enum ClientCertificates: String, Sendable, Equatable, Codable, CaseIterable {
    /// None is asked for; any client may connect.
    case none
    /// One is asked for and verified against `ca_certs` when sent; clients without one are served too.
    case optional
    /// One is required and verified against `ca_certs`; a client without one fails the handshake.
    case required
}

/// The oldest TLS version the server accepts (`tls_min_version`).
public enum TLSVersion: String, Sendable, Equatable, Codable, CaseIterable {
    case v1_2 = "1.2"
    case v1_3 = "1.3"
}

extension HTTPSettings {
    /// Whether the server speaks TLS on its sockets: `certfile` (and so `keyfile`) is set.
    public var tlsEnabled: Bool { certfile != nil }

    /// Checks the TLS keys against each other, reporting every contradiction with the key and where
    /// `entries` say it was set.
    ///
    /// The certificate files themselves are read where TLS is set up (`ServerTLS`).
    func checkTLSKeys(_ entries: [String: ConfigEntry]) throws(ConfigError) {
        var errors: [ConfigError] = []
        func conflict(_ key: String, _ problem: String) {
            errors.append(.conflict(source: entries[key]?.source ?? .builtIn, key: key, problem: problem))
        }
        switch (certfile, keyfile) {
        case (_?, nil):
            conflict("certfile", "keyfile is not set; set keyfile to the private key of this certificate")
        case (nil, _?):
            conflict("keyfile", "certfile is not set; set certfile to the certificate of this key, or remove keyfile")
        case (nil, nil):
            let tlsOff = "has no effect while certfile and keyfile are not set; set them to turn on TLS, or remove"
            if caCerts != nil { conflict("ca_certs", "\(tlsOff) ca_certs") }
            if certReqs != .none { conflict("cert_reqs", "\(tlsOff) cert_reqs") }
            if tlsMinVersion != .v1_2 { conflict("tls_min_version", "\(tlsOff) tls_min_version") }
        case (_?, _?):
            if certReqs != .none, caCerts == nil {
                conflict("cert_reqs", """
                    \(certReqs.rawValue) needs ca_certs, the authorities that client certificates are verified \
                    against; set ca_certs, or set cert_reqs to none
                    """)
            }
        }
        guard errors.isEmpty else { throw .combining(errors) }
    }
}

extension SettingCodec where Value == ClientCertificates {
    /// A mode's name.
    static var clientCertificates: Self {
        Self(decode: { $0.text.flatMap(ClientCertificates.init(rawValue:)) }, encode: { .text($0.rawValue) })
    }
}

extension SettingCodec where Value == TLSVersion {
    /// A version's number.
    static var tlsVersion: Self {
        Self(decode: { $0.text.flatMap(TLSVersion.init(rawValue:)) }, encode: { .text($0.rawValue) })
    }
}
