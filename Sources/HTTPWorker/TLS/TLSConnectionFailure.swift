import Logging
import NIOSSL

/// How loudly a TLS failure on one connection is logged: the client's doing, never the server's.
enum TLSConnectionFailure {
    /// `info` for a failed handshake (a client without an accepted certificate, an old TLS version,
    /// plain HTTP sent to the TLS port), as nginx logs them; `debug` for a close without TLS's
    /// close_notify, which most clients do; nil for an error that is not TLS's.
    static func logLevel(of error: any Error) -> Logger.Level? {
        guard let error = error as? NIOSSLError else { return nil }
        if case .handshakeFailed = error { return .info }
        return .debug
    }
}
