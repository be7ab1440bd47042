import Glibc

extension ListeningSocket {
    /// Whether connections are waiting in the accept queue.
    ///
    /// A TCP socket's queue length comes from `acceptQueue()`; a Unix socket reports no
    /// length, so it is polled instead: a listening socket is readable while its queue is
    /// not empty.
    public var hasQueuedConnections: Bool {
        if let queue = try? acceptQueue() { return queue.length > 0 }
        var entry = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0 && entry.revents & Int16(POLLIN) != 0
    }
}
