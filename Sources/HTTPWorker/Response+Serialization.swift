import NIOCore
import NIOHTTP1

extension Response {
    /// The headers the server sets itself; a handler's values for them are not sent.
    private static let serverSetHeaders: Set<String> = ["date", "content-length", "connection"]

    /// The whole response as HTTP/1.x bytes, with the server's `Date`, `Content-Length` and `Connection`.
    ///
    /// Written in one buffer below the HTTP codec, a response costs one pipeline write and one
    /// buffer instead of a head, a body and an end each passing NIO's response encoder.
    /// `connection` is the `Connection` value to send, if any; `includeBody` is false for `HEAD`.
    func serialized(version: HTTPVersion, date: String, connection: StaticString?, includeBody: Bool) -> ByteBuffer {
        var buffer = ByteBuffer(capacity: 128 + headers.count * 32 + (includeBody ? body.readableBytes : 0))
        if version == .http1_1, case .ok = status {
            buffer.writeLiteral("HTTP/1.1 200 OK\r\n")
        } else {
            buffer.writeLiteral("HTTP/")
            buffer.writeDecimal(version.major)
            buffer.writeInteger(UInt8(ascii: "."))
            buffer.writeDecimal(version.minor)
            buffer.writeInteger(UInt8(ascii: " "))
            buffer.writeDecimal(Int(status.code))
            buffer.writeInteger(UInt8(ascii: " "))
            buffer.writeString(status.reasonPhrase)
            buffer.writeLiteral("\r\n")
        }
        if headers.count == 1, let only = headers.first, only.name == "content-type", only.value == "application/json" {
            // A JSON answer with no other field, most of them: one write instead of a walk over the
            // fields that writes each name and value (about 350 instructions, callgrind).
            buffer.writeLiteral("content-type: application/json\r\n")
        } else {
            for (name, value) in headers where !Self.isServerSet(name) {
                buffer.writeString(name)
                buffer.writeLiteral(": ")
                buffer.writeString(value)
                buffer.writeLiteral("\r\n")
            }
        }
        buffer.writeLiteral("date: ")
        buffer.writeString(date)
        buffer.writeLiteral("\r\ncontent-length: ")
        buffer.writeDecimal(body.readableBytes)
        if let connection {
            buffer.writeLiteral("\r\nconnection: ")
            buffer.writeLiteral(connection)
        }
        buffer.writeLiteral("\r\n\r\n")
        if includeBody { buffer.writeImmutableBuffer(body) }
        return buffer
    }

    /// Whether `name` is one of `serverSetHeaders`; names of other lengths are told apart without lowercasing.
    private static func isServerSet(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4, 10, 14: serverSetHeaders.contains(name.lowercased())
        default: false
        }
    }
}
