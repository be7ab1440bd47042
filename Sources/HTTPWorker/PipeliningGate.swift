#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Hands the request handler the bytes of one pipelined request at a time, and none while the
/// connection's responses wait to be written, so a client that pipelines requests without reading
/// the answers makes the server queue at most the channel's high water mark plus one response.
///
/// The request handler parses every byte it is given in one go and answers each request as it is
/// parsed, so stopping reads alone still answers every request already read: one
/// read cycle can bring a megabyte of small pipelined requests. The bytes held back here are bounded
/// by that read cycle, since no read is asked for while any are held.
///
/// The `ConnectionGuard` owns it and runs every read through it first, rather than it being a
/// handler of its own: a handler is a hop for each event of every request (read, read complete, the
/// read request, write, flush), about 700 instructions of a `GET /`.
///
/// It also tells whether anything beyond a request was read, from the request heads and bytes it has
/// handed on: a request is the last thing read when its head is the last one handed on, its body
/// bytes are all that followed that head, and nothing waits here.
final class PipeliningGate {
    /// Bytes read but not yet handed on, waiting for the channel to become writable.
    private var held: ByteBuffer?
    /// Whether a read was asked for while bytes were held, to be passed on once they are handed over.
    private var readWanted = false
    /// Bytes handed on since the connection began, request heads ended in them, and where the last
    /// head ended (counted in those bytes).
    private var handedOn = 0
    private var heads = 0
    private var lastHeadEnd = 0
    /// Bytes of the read being handed on that come after the slice being parsed.
    private var unhanded = 0
    /// Whether the channel takes more output, as its last writability change said: the guard tells
    /// the gate, so handing on a request asks the channel nothing.
    private var writable = true
    /// The connection ended: nothing more is handed on.
    private var dropped = false

    /// Takes a read: hands it on through `handOn` one request at a time, or keeps it behind bytes
    /// already held.
    func receive(_ bytes: inout ByteBuffer, handOn deliver: (ByteBuffer) -> Void) {
        if held != nil {
            held!.writeBuffer(&bytes)
            return
        }
        handOn(&bytes, deliver: deliver)
    }

    /// The channel's writability changed: once it is writable, hands on what is held; returns
    /// whether a read asked for while bytes were held is now due.
    func writabilityChanged(to writable: Bool, handOn deliver: (ByteBuffer) -> Void) -> Bool {
        self.writable = writable
        guard writable, var bytes = held else { return false }
        held = nil
        handOn(&bytes, deliver: deliver)
        guard held == nil && readWanted else { return false }
        readWanted = false
        return true
    }

    /// Whether a read may be asked for now; if not, it is asked for once the held bytes are handed on.
    func allowsRead() -> Bool {
        if held == nil { return true }
        readWanted = true
        return false
    }

    /// Whether the bytes read so far end exactly with a request whose head was the `requests`th and
    /// whose body is `bodyBytes` long.
    func readNothingBeyond(requests: Int, bodyBytes: Int) -> Bool {
        held == nil && unhanded == 0 && heads == requests && handedOn - lastHeadEnd == bodyBytes
    }

    /// The connection ended: nothing held, and nothing read from now on, is handed on.
    func drop() {
        held = nil
        dropped = true
    }

    /// Passes `bytes` on one request at a time while the channel is writable; keeps the rest.
    ///
    /// A slice ends after a request head only when another head follows, so the usual read (one
    /// request, with its body) goes on whole, as it would without the gate.
    private func handOn(_ bytes: inout ByteBuffer, deliver: (ByteBuffer) -> Void) {
        while bytes.readableBytes > 0 {
            guard !dropped else { return }
            guard writable else {
                held = bytes
                return
            }
            let view = bytes.readableBytesView
            var length = view.count
            let first = Self.headEnd(in: view, from: view.startIndex)
            if let first {
                if Self.headEnd(in: view, from: first) != nil { length = first - view.startIndex }
                heads += 1
                lastHeadEnd = handedOn + (first - view.startIndex)
            }
            handedOn += length
            unhanded = view.count - length
            deliver(bytes.readSlice(length: length)!)
        }
        unhanded = 0
    }

    /// The index just past the first empty line (`\r\n\r\n` or `\n\n`, which ends a request head)
    /// at or after `start` in `view`, or nil when there is none.
    ///
    /// Line feeds are found with `memchr`: every read is searched to its end for a second head, so a
    /// `POST /predict`'s body was looked at byte by byte, about 2,000 instructions a request
    /// (callgrind), against a few dozen this way.
    static func headEnd(in view: ByteBufferView, from start: Int) -> Int? {
        let found = view.withContiguousStorageIfAvailable { bytes -> Int? in
            guard let base = bytes.baseAddress else { return nil }
            var from = start - view.startIndex
            while from < bytes.count, let hit = memchr(base + from, Int32(UInt8(ascii: "\n")), bytes.count - from) {
                let lineFeed = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var next = lineFeed + 1
                if next < bytes.count, bytes[next] == UInt8(ascii: "\r") { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: "\n") { return view.startIndex + next + 1 }
                from = lineFeed + 1
            }
            return nil
        }
        return found ?? nil
    }
}
