import Settings

/// The HTTP versions the server speaks on its sockets (`http_protocols`, gunicorn's key and values).
public enum HTTPProtocols: String, Sendable, Equatable, Codable, CaseIterable {
    /// HTTP/1.1 (and 1.0) only: the server as it always was, with no look at a connection's first bytes.
    case http1 = "h1"
    /// HTTP/2 only: by ALPN over TLS, by prior knowledge in cleartext (h2c).
    case http2 = "h2"
    /// Both: ALPN picks over TLS; in cleartext the HTTP/2 connection preface picks HTTP/2.
    case both = "h1,h2"

    /// Whether HTTP/1.x is spoken.
    public var servesHTTP1: Bool { self != .http2 }
    /// Whether HTTP/2 is spoken.
    public var servesHTTP2: Bool { self != .http1 }

    /// The ALPN protocol names offered over TLS, preferred first; none for HTTP/1 alone (the TLS
    /// handshake then carries no ALPN, as before HTTP/2 existed here).
    var alpnNames: [String] {
        switch self {
        case .http1: []
        case .http2: ["h2"]
        case .both: ["h2", "http/1.1"]
        }
    }
}

extension HTTPSettings {
    /// The HTTP/2 keys set to other than their defaults; they matter only when `http_protocols` includes h2.
    private var changedHTTP2Keys: [String] {
        let defaults = HTTPSettings()
        return [
            ("http2_max_concurrent_streams", http2MaxConcurrentStreams != defaults.http2MaxConcurrentStreams),
            ("http2_max_header_list_size", http2MaxHeaderListSize != defaults.http2MaxHeaderListSize),
            ("http2_max_reset_streams", http2MaxResetStreams != defaults.http2MaxResetStreams),
        ].filter(\.1).map(\.0)
    }

    /// Reports each HTTP/2 key set to other than its default while `http_protocols` leaves HTTP/2
    /// out, with where `entries` say it was set: such a value would be silently ignored.
    func checkHTTP2Keys(_ entries: [String: ConfigEntry]) throws(ConfigError) {
        guard !httpProtocols.servesHTTP2 else { return }
        let errors = changedHTTP2Keys.map { key in
            ConfigError.conflict(
                source: entries[key]?.source ?? .builtIn, key: key,
                problem: "has no effect while http_protocols is h1; set http_protocols to h2 or h1,h2, or remove \(key)")
        }
        guard errors.isEmpty else { throw .combining(errors) }
    }
}

extension SettingCodec where Value == HTTPProtocols {
    /// The protocols' gunicorn spelling.
    static var httpProtocols: Self {
        Self(decode: { $0.text.flatMap(HTTPProtocols.init(rawValue:)) }, encode: { .text($0.rawValue) })
    }
}
