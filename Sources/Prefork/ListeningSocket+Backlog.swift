import Glibc
import SystemPackage

extension ListeningSocket {
    /// The state of a TCP listening socket's accept queue, as `ss -lnt` shows it.
    public struct AcceptQueue: Sendable, Equatable {
        /// Connections established and waiting for `accept` (`ss` Recv-Q).
        public var length: Int
        /// The most connections the kernel queues (`ss` Send-Q): the `listen` backlog,
        /// capped by `net.core.somaxconn`.
        public var limit: Int

        public init(length: Int, limit: Int) {
            self.length = length
            self.limit = limit
        }
    }

    /// The kernel's accept queue for this socket, or nil for a Unix socket.
    ///
    /// Read from `TCP_INFO`, where Linux reports a listening socket's queue length in
    /// `tcpi_unacked` and its limit in `tcpi_sacked`; these are the numbers `ss -lnt` prints.
    public func acceptQueue() throws(SocketError) -> AcceptQueue? {
        guard case .tcp = address else { return nil }
        // struct tcp_info: 8 one-byte fields, then 32-bit rto, ato, snd_mss, rcv_mss, unacked, sacked, ...
        var words = [UInt32](repeating: 0, count: 64)
        var length = socklen_t(words.count * MemoryLayout<UInt32>.size)
        guard getsockopt(fileDescriptor, CInt(IPPROTO_TCP), TCP_INFO, &words, &length) == 0 else {
            throw .systemCall("getsockopt TCP_INFO", address: "\(address)", errno: .current)
        }
        return AcceptQueue(length: Int(words[6]), limit: Int(words[7]))
    }

    /// Calls `listen` again so the kernel's accept queue limit is `backlog`.
    ///
    /// SwiftNIO's `ServerBootstrap` calls `listen(fd, 128)` on a socket it adopts, which
    /// shrinks the queue; a worker calls this after binding its channel to restore the
    /// configured value. Linux applies a new backlog to a socket that is already listening.
    public func setBacklog(_ backlog: Int) throws(SocketError) {
        guard Glibc.listen(fileDescriptor, CInt(clamping: backlog)) == 0 else {
            throw .systemCall("listen", address: "\(address)", errno: .current)
        }
    }

    /// The system's cap on any socket's backlog (`net.core.somaxconn`), or nil when unreadable.
    public static var systemBacklogLimit: Int? {
        (try? readTextFile(atPath: "/proc/sys/net/core/somaxconn")).flatMap { Int($0.trimmingWhitespace) }
    }
}
