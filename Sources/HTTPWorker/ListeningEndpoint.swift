#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Settings

/// A listening socket the server accepts on, bound or inherited by whoever runs the server (a
/// pre-fork supervisor's socket, say); the server owns it once given and closes it when it stops.
public protocol ListeningEndpoint: Sendable {
    /// The listening descriptor, which the server makes non-blocking and accepts on.
    var fileDescriptor: CInt { get }
    /// The address it is bound to, with the port the kernel chose.
    var address: BindAddress { get }
    /// Sets the length of the kernel's accept queue, as `listen(2)` does.
    func setBacklog(_ backlog: Int) throws
    /// Closes the descriptor (and removes a Unix socket file the process owns).
    func close()
}
