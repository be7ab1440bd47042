import NIOCore

/// A connection's response bytes not yet taken by the client: those the channel still buffers and,
/// on TCP, those the kernel holds (unsent, or sent and not acknowledged), with how many bytes the
/// client has acknowledged so far.
///
/// The kernel's part matters on a close: once the socket has taken a whole response, the channel
/// buffers nothing, yet a client that does not read leaves it in the kernel's send queue (up to the
/// 4 MiB the kernel lets a loopback socket buffer), where only the acknowledged count tells a slow
/// reader from one that reads nothing.
struct PendingOutput: Equatable {
    /// Bytes written to the channel that the socket has not taken.
    var buffered: Int
    /// Bytes in the kernel's send queue that it has not sent yet (Linux's `tcpi_notsent_bytes`).
    var unsent: Int
    /// Segments sent and not acknowledged (Linux's `tcpi_unacked`).
    var unacknowledgedSegments: Int
    /// Bytes the client has acknowledged since the connection began (Linux's `tcpi_bytes_acked`).
    var acknowledged: UInt64

    static let none = PendingOutput(buffered: 0, unsent: 0, unacknowledgedSegments: 0, acknowledged: 0)

    /// Nothing waits on the client.
    var isEmpty: Bool { buffered == 0 && unsent == 0 && unacknowledgedSegments == 0 }

    /// The client took bytes since `earlier`: the channel buffers fewer or the kernel saw more acknowledged.
    func progressed(since earlier: PendingOutput) -> Bool {
        buffered < earlier.buffered || acknowledged > earlier.acknowledged
    }

    /// What `channel` holds now; the kernel's part is zero on a socket that is not TCP (a unix socket).
    ///
    /// Call it on the channel's event loop, where the socket option is read at once.
    static func of(_ channel: Channel) -> PendingOutput {
        let buffered = (try? channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        var pending = PendingOutput.none
        pending.buffered = buffered
        guard let provider = channel as? SocketOptionProvider else { return pending }
        let info: EventLoopFuture<KernelTCPInfo> = provider.unsafeGetSocketOption(level: .tcp, name: .tcp_info)
        info.assumeIsolated().whenSuccess { info in
            pending.unsent = Int(info.read(UInt32.self, at: 144))
            pending.unacknowledgedSegments = Int(info.read(UInt32.self, at: 24))
            pending.acknowledged = info.read(UInt64.self, at: 120)
        }
        return pending
    }
}

/// The first 152 bytes of Linux's `struct tcp_info` (`linux/tcp.h`), which go past the part glibc's
/// header declares: `tcpi_unacked` at 24, `tcpi_bytes_acked` at 120 and `tcpi_notsent_bytes` at 144
/// (Linux 4.6 and later; an older kernel fills less and leaves the rest zero).
private struct KernelTCPInfo: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    func read<Value: FixedWidthInteger>(_ type: Value.Type, at offset: Int) -> Value {
        withUnsafeBytes(of: words) { $0.loadUnaligned(fromByteOffset: offset, as: Value.self) }
    }
}
