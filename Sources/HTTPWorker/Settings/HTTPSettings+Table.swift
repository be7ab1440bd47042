import Settings

extension HTTPSettings: TypedSettings {
    /// The HTTP server's keys, with gunicorn's names and ranges: one row each, naming the property it
    /// sets (whose declaration holds the default), how its value converts, and its summary line.
    public static let table: [SettingRow<HTTPSettings>] = [
        SettingRow("threads", .integer(1...256), \.threads, .integer,
                   "Event loop threads in each worker."),
        SettingRow("worker_connections", .integer(1...1_000_000), \.workerConnections, .integer,
                   "Most connections a worker holds open; at the cap it stops accepting and the others take new ones."),
        SettingRow("keepalive", .duration(0...3600), \.keepalive, .integer,
                   "Seconds an idle keep-alive connection stays open; 0 closes after each response."),
        SettingRow("header_timeout", .duration(1...3600), \.headerTimeout, .integer,
                   "Seconds a client may take to send a request head before it is answered 408."),
        SettingRow("body_timeout", .duration(1...3600), \.bodyTimeout, .integer,
                   "Seconds a client may take to send a whole request body before it is answered 408."),
        SettingRow("send_timeout", .duration(1...3600), \.sendTimeout, .integer,
                   "Seconds a client may accept no byte of a pending response before its connection is closed."),
        SettingRow("limit_request_line", .integer(64...65536), \.limitRequestLine, .integer,
                   "Longest request line in bytes; longer ones are answered 414."),
        SettingRow("limit_request_fields", .integer(1...32768), \.limitRequestFields, .integer,
                   "Most header fields in a request; more are answered 431."),
        SettingRow("limit_request_field_size", .integer(64...65536), \.limitRequestFieldSize, .integer,
                   "Longest header field in bytes; longer ones are answered 431."),
        SettingRow("max_body_size", .integer(1...1_073_741_824), \.maxBodySize, .integer,
                   "Largest request body in bytes; larger ones are answered 413."),
        SettingRow("accesslog", .path, \.accesslog, .optionalText, optional: true,
                   "Access log file; - for standard output, null for none."),
        SettingRow("access_log_format", .text, \.accessLogFormat, .text,
                   "Access log line in gunicorn's %(x)s atoms."),
        SettingRow("forwarded_allow_ips", .networks, \.forwardedAllowIPs, .networks,
                   "Proxies (addresses, CIDR networks or *) whose X-Forwarded-* and Forwarded headers are believed."),
        SettingRow("proxy_protocol", .boolean, \.proxyProtocol, .boolean,
                   "Every connection starts with a PROXY protocol v1 or v2 header from a peer in forwarded_allow_ips; others are refused."),
        SettingRow("certfile", .path, \.certfile, .optionalText, optional: true,
                   "PEM certificate chain (the server's certificate first) that turns on TLS on every listening socket; null serves plain HTTP."),
        SettingRow("keyfile", .path, \.keyfile, .optionalText, optional: true,
                   "PEM private key of certfile's certificate, unencrypted; set together with certfile."),
        SettingRow("ca_certs", .path, \.caCerts, .optionalText, optional: true,
                   "PEM certificates of the authorities client certificates are verified against; needed by cert_reqs optional and required."),
        SettingRow("cert_reqs", .choice(ClientCertificates.allCases.map(\.rawValue)), \.certReqs, .clientCertificates,
                   "Client certificates: none asks for none, optional verifies one when sent, required refuses clients without a valid one."),
        SettingRow("tls_min_version", .choice(TLSVersion.allCases.map(\.rawValue)), \.tlsMinVersion, .tlsVersion,
                   "Oldest TLS version the server accepts: 1.2 or 1.3."),
        SettingRow("http_protocols", .choice(HTTPProtocols.allCases.map(\.rawValue)), \.httpProtocols, .httpProtocols,
                   "HTTP versions spoken: h1, h2 (by ALPN over TLS, by prior knowledge in cleartext) or h1,h2."),
        SettingRow("http2_max_concurrent_streams", .integer(1...10000), \.http2MaxConcurrentStreams, .integer,
                   "Most streams an HTTP/2 client may have open at once on one connection; one more is refused or closes the connection."),
        SettingRow("http2_max_header_list_size", .integer(1024...1_048_576), \.http2MaxHeaderListSize, .integer,
                   "Largest decoded header list of an HTTP/2 request in bytes; a larger one closes the connection."),
        SettingRow("http2_max_reset_streams", .integer(10...100_000), \.http2MaxResetStreams, .integer,
                   "Most stream resets an HTTP/2 client may cause in 30 seconds before its connection is closed with GOAWAY."),
    ]

    /// Builds the settings from validated values keyed by setting key (keys of other tables are
    /// ignored), checking the TLS keys against each other and the HTTP/2 keys against `http_protocols`.
    public init(values: [String: ConfigEntry]) throws(ConfigError) {
        try self.init(assigning: values)
        var errors: [ConfigError] = []
        do { try checkTLSKeys(values) } catch { errors.append(error) }
        do { try checkHTTP2Keys(values) } catch { errors.append(error) }
        guard errors.isEmpty else { throw .combining(errors) }
    }
}
