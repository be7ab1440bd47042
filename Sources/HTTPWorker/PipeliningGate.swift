#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Hands the HTTP decoder the bytes of one pipelined request at a time, and none while the
/// connection's responses wait to be written, so a client that pipelines requests without reading
/// the answers makes the server queue at most the channel's high water mark plus one response.
///
/// NIO's decoder parses every byte it is given in one go, and the request handler answers each
/// request as it is parsed, so stopping reads alone still answers every request already read: one
/// read cycle can bring a megabyte of small pipelined requests. The bytes held back here are bounded
/// by that read cycle, since no read is asked for while any are held. First in the pipeline; inbound
/// only in effect (writes pass by).
///
/// It also answers the request handler's `ReadBeyondRequest` question, from the request heads and
/// bytes it has handed on: a request is the last thing read when its head is the last one handed
/// on, its body bytes are all that followed that head, and nothing waits here.
final class PipeliningGate: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Bytes read but not yet handed on, waiting for the channel to become writable.
    private var held: ByteBuffer?
    /// Whether a read was asked for while bytes were held, to be passed on once they are handed over.
    private var readWanted = false
    /// Bytes handed on since the connection began, request heads ended in them, and where the last
    /// head ended (counted in those bytes).
    private var handedOn = 0
    private var heads = 0
    private var lastHeadEnd = 0
    /// Bytes of the read being handed on that come after the slice the decoder is parsing.
    private var unhanded = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if held != nil {
            held!.writeBuffer(&bytes)
            return
        }
        handOn(&bytes, context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, var bytes = held {
            held = nil
            handOn(&bytes, context: context)
            if held == nil && readWanted {
                readWanted = false
                context.read()
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if held == nil {
            context.read()
        } else {
            readWanted = true
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let question = event as? ReadBeyondRequest else {
            return context.triggerUserOutboundEvent(event, promise: promise)
        }
        question.nothingElseRead = held == nil && unhanded == 0 && heads == question.requests
            && handedOn - lastHeadEnd == question.bodyBytes
        promise?.succeed()
    }

    func channelInactive(context: ChannelHandlerContext) {
        held = nil
        context.fireChannelInactive()
    }

    /// Passes `bytes` on one request at a time while the channel is writable; keeps the rest.
    ///
    /// A slice ends after a request head only when another head follows, so the usual read (one
    /// request, with its body) goes on whole, as it would without this handler.
    private func handOn(_ bytes: inout ByteBuffer, context: ChannelHandlerContext) {
        while bytes.readableBytes > 0 {
            guard context.channel.isWritable, context.channel.isActive else {
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
            context.fireChannelRead(wrapInboundOut(bytes.readSlice(length: length)!))
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
