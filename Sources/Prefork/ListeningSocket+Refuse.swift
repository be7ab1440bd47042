import Glibc
import SystemPackage

extension ListeningSocket {
    /// Stops new TCP connections from queueing on the socket, leaving those already queued to be
    /// accepted: a socket filter drops every packet that reaches it, so a client's SYN goes
    /// unanswered and its retry, a second later, is refused once the last copy of the socket is
    /// closed (or, in a `SO_REUSEPORT` group, lands on a socket still open).
    ///
    /// Closing a listening socket resets the connections queued on it: without this, one that queues
    /// between its last holder's final `accept` and its `close` gets a reset instead of a refusal.
    /// The filter holds for every process that shares the socket, so only for a socket that closes
    /// for good. A Unix socket is left as it is (a filter does not stop its connections).
    public func refuseNewConnections() throws(SocketError) {
        guard case .tcp = address else { return }
        // Classic BPF `ret #0`: accept none of the packet, which drops it.
        var dropAll = FilterInstruction(code: 0x06, jumpIfTrue: 0, jumpIfFalse: 0, constant: 0)
        let result = withUnsafeMutablePointer(to: &dropAll) { instruction in
            var program = FilterProgram(length: 1, instructions: instruction)
            return setsockopt(fileDescriptor, SOL_SOCKET, SO_ATTACH_FILTER, &program, socklen_t(MemoryLayout<FilterProgram>.size))
        }
        if result != 0 { throw .systemCall("setsockopt(SO_ATTACH_FILTER)", address: "\(address)", errno: Errno.current) }
    }
}

/// `struct sock_filter` of <linux/filter.h>.
private struct FilterInstruction {
    var code: UInt16
    var jumpIfTrue: UInt8
    var jumpIfFalse: UInt8
    var constant: UInt32
}

/// `struct sock_fprog` of <linux/filter.h>.
private struct FilterProgram {
    var length: UInt16
    var instructions: UnsafeMutablePointer<FilterInstruction>
}
