import NIOCore
import NIOHTTP1

extension Response {
    /// The whole response as HTTP/1.1 bytes with `Connection: close`, for answers written below the HTTP codec.
    func serializedForClosing(date: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n")
        for (name, value) in headers {
            buffer.writeString("\(name): \(value)\r\n")
        }
        buffer.writeString("date: \(date)\r\ncontent-length: \(body.readableBytes)\r\nconnection: close\r\n\r\n")
        buffer.writeImmutableBuffer(body)
        return buffer
    }
}
