import Glibc
import SystemPackage

extension ListeningSocket {
    /// Stops new TCP connections from queueing on the socket, leaving those already queued to be
    /// accepted: a socket filter drops every SYN that reaches it, so a client's first packet goes
    /// unanswered and its retry, a second later, is refused once the last copy of the socket is
    /// closed (or, in a `SO_REUSEPORT` group, lands on a socket still open).
    ///
    /// Closing a listening socket resets the connections queued on it: without this, one that queues
    /// between its last holder's final `accept` and its `close` gets a reset instead of a refusal.
    /// Only SYNs are dropped: the ACK that completes a handshake begun before the filter still
    /// reaches the socket (the handshake's last packet goes through the listener's filter), so that
    /// connection queues and is accepted; dropping it too left the client connected, its request
    /// unanswered, and reset when the socket closed. The filter holds for every process that shares
    /// the socket, so only for a socket that closes for good. A Unix socket is left as it is (a
    /// filter does not stop its connections).
    public func refuseNewConnections() throws(SocketError) {
        guard case .tcp = address else { return }
        // Classic BPF over the TCP segment (a TCP socket's filter sees it from the TCP header): load
        // the flags byte, keep SYN and ACK, drop when SYN alone is set, accept anything else.
        var program: [FilterInstruction] = [
            FilterInstruction(code: 0x30, jumpIfTrue: 0, jumpIfFalse: 0, constant: 13),  // ldb [13]
            FilterInstruction(code: 0x54, jumpIfTrue: 0, jumpIfFalse: 0, constant: 0x12),  // and #(SYN|ACK)
            FilterInstruction(code: 0x15, jumpIfTrue: 0, jumpIfFalse: 1, constant: 0x02),  // jeq #SYN
            FilterInstruction(code: 0x06, jumpIfTrue: 0, jumpIfFalse: 0, constant: 0),  // ret #0: drop
            FilterInstruction(code: 0x06, jumpIfTrue: 0, jumpIfFalse: 0, constant: UInt32.max),  // ret: accept
        ]
        let result = program.withUnsafeMutableBufferPointer { instructions in
            var filter = FilterProgram(length: UInt16(instructions.count), instructions: instructions.baseAddress!)
            return setsockopt(fileDescriptor, SOL_SOCKET, SO_ATTACH_FILTER, &filter, socklen_t(MemoryLayout<FilterProgram>.size))
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
