import Glibc
import SystemPackage

extension ListeningSocket {
    /// Accepts every connection waiting in the queue, until `accept` would block, and hands
    /// each connected descriptor to `connection`, which then owns it.
    ///
    /// Closing a listening socket resets the connections still queued on it; a supervisor
    /// that retires a `SO_REUSEPORT` slot drains the queue first so none is lost. The
    /// accepted descriptors are close-on-exec. Returns how many were accepted.
    @discardableResult
    public func drainAcceptQueue(_ connection: (CInt) -> Void) throws(SocketError) -> Int {
        var accepted = 0
        while true {
            let fd = accept(fileDescriptor, nil, nil)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                accepted += 1
                connection(fd)
                continue
            }
            switch Errno.current {
            case .resourceTemporarilyUnavailable: return accepted
            case .interrupted, .connectionAbort: continue
            case let reason: throw .systemCall("accept", address: "\(address)", errno: reason)
            }
        }
    }
}
