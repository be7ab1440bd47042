import HTTPWorker
import Prefork
import Settings

extension HTTPServer {
    /// Binds `address` itself (Prefork's `ListeningSocket`, with `settings.backlog`) and serves on
    /// it, for a server run without a supervisor (tests, a single process); returns the bound
    /// address, with the port the kernel chose when port 0 was asked.
    @discardableResult
    public func start(binding address: BindAddress) throws -> BindAddress {
        let socket: ListeningSocket
        do { socket = try ListeningSocket.bind(address, backlog: settings.backlog) } catch { throw HTTPServerError.socket(error) }
        try start(listeningOn: [socket])
        return socket.address
    }
}
