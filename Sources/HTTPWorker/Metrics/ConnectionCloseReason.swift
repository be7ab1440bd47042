/// Why the server closed a connection on its own, as `<namespace>_connections_closed_total` counts it.
public enum ConnectionCloseReason: String, Sendable, CaseIterable {
    /// The client took no byte of a pending response for `send_timeout`.
    case sendTimeout = "send_timeout"
    /// A kept-alive connection answered with `Connection: close` because its worker held clearly more
    /// than its share of the server's connections (`ConnectionShare`); the client reconnects.
    case balance = "balance"
    /// An HTTP/2 client reset more streams (or caused more stream errors) than `http2_max_reset_streams`
    /// allows in 30 seconds, the rapid-reset attack (CVE-2023-44487): closed with GOAWAY.
    case http2RapidReset = "http2_rapid_reset"
    /// An HTTP/2 client flooded the connection with control frames, empty frames, CONTINUATION frames
    /// or other suspicious events: closed with GOAWAY ENHANCE_YOUR_CALM.
    case http2Flood = "http2_flood"
    /// An HTTP/2 client broke the protocol (a bad preface, a header list over
    /// `http2_max_header_list_size`, a malformed frame): closed with GOAWAY.
    case http2ProtocolError = "http2_protocol_error"
}
