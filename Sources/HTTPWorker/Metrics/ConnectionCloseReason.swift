/// Why the server closed a connection on its own, as `<namespace>_connections_closed_total` counts it.
public enum ConnectionCloseReason: String, Sendable, CaseIterable {
    /// The client took no byte of a pending response for `send_timeout`.
    case sendTimeout = "send_timeout"
    /// A kept-alive connection answered with `Connection: close` because its worker held clearly more
    /// than its share of the server's connections (`ConnectionShare`); the client reconnects.
    case balance = "balance"
}
