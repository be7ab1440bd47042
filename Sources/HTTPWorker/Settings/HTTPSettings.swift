import Settings

/// The effective settings of the HTTP server: its event loops, connection cap, timeouts, request
/// limits, access log, the proxies it believes and TLS.
///
/// Key names follow gunicorn's; the YAML key of each property is its snake_case name, declared with
/// its kind and summary in `HTTPSettings.table`. `backlog` and `gracefulTimeout` are read here but
/// are no keys of this table: whoever runs the server owns them (a pre-fork supervisor's `backlog`
/// and `graceful_timeout`) and sets them.
public struct HTTPSettings: Sendable, Equatable {
    /// Event loop threads in each worker (`threads`).
    public var threads: Int = 1
    /// Most connections a worker holds open at once; at the cap it stops accepting (`worker_connections`).
    public var workerConnections: Int = 1000
    /// Seconds an idle keep-alive connection stays open (`keepalive`).
    public var keepalive: Int = 5
    /// Seconds a client may take to send a complete request head (`header_timeout`).
    public var headerTimeout: Int = 10
    /// Seconds a client may take to send a whole request body (`body_timeout`).
    public var bodyTimeout: Int = 60
    /// Seconds a client may accept no byte of a pending response before its connection is closed (`send_timeout`).
    public var sendTimeout: Int = 60
    /// Longest request line in bytes (`limit_request_line`).
    public var limitRequestLine: Int = 4094
    /// Most header fields in a request (`limit_request_fields`).
    public var limitRequestFields: Int = 100
    /// Longest header field in bytes (`limit_request_field_size`).
    public var limitRequestFieldSize: Int = 8190
    /// Largest request body in bytes (`max_body_size`).
    public var maxBodySize: Int = 1_048_576
    /// Access log destination: a path, `-` for stdout, or nil for none (`accesslog`).
    public var accesslog: String? = "-"
    /// Access log line format in gunicorn's `%(x)s` atoms (`access_log_format`).
    public var accessLogFormat: String = #"%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s""#
    /// Peers whose `X-Forwarded-*` and `Forwarded` headers set the client address, scheme and host
    /// (`forwarded_allow_ips`).
    public var forwardedAllowIPs: IPAllowList = IPAllowList(parsing: "127.0.0.1")!
    /// Whether every connection starts with a PROXY protocol v1 or v2 header naming the client
    /// (`proxy_protocol`); connections without one are refused.
    public var proxyProtocol: Bool = false
    /// PEM certificate chain that turns on TLS for every listening socket, or nil for plain HTTP (`certfile`).
    public var certfile: String? = nil
    /// PEM private key of `certfile`'s certificate (`keyfile`).
    public var keyfile: String? = nil
    /// PEM certificates of the authorities that client certificates are verified against (`ca_certs`).
    public var caCerts: String? = nil
    /// Whether TLS clients must present a certificate (`cert_reqs`).
    public var certReqs: ClientCertificates = .none
    /// The oldest TLS version accepted (`tls_min_version`).
    public var tlsMinVersion: TLSVersion = .v1_2
    /// The HTTP versions spoken on every socket: `h1`, `h2` or `h1,h2` (`http_protocols`).
    public var httpProtocols: HTTPProtocols = .http1
    /// Most streams an HTTP/2 client may have open at once on one connection
    /// (`http2_max_concurrent_streams`, sent as SETTINGS_MAX_CONCURRENT_STREAMS).
    public var http2MaxConcurrentStreams: Int = 100
    /// Largest decoded header list of an HTTP/2 request in bytes (`http2_max_header_list_size`, sent
    /// as SETTINGS_MAX_HEADER_LIST_SIZE); it bounds what a small HPACK block may expand to.
    public var http2MaxHeaderListSize: Int = 16384
    /// Most stream resets (RST_STREAM frames, or stream errors it causes) an HTTP/2 client may
    /// cause within 30 seconds before its connection is closed with GOAWAY (`http2_max_reset_streams`).
    public var http2MaxResetStreams: Int = 200
    /// Length of the kernel's accept queue restored on each socket the server listens on.
    public var backlog: Int = 2048
    /// Seconds a draining server may take to finish in-flight requests.
    public var gracefulTimeout: Int = 30

    public init() {}
}
