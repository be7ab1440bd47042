import NIOCore
import Testing
@testable import HTTPWorker

@Suite struct ByteBufferLiteralTests {
    /// A literal is appended after what is there, grows a full buffer, leaves a copy sharing the
    /// storage as it was, and an empty literal writes nothing.
    @Test func writesItsBytesAfterTheOthersWithoutTouchingACopy() {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(4)
        buffer.writeLiteral("ab")
        let copy = buffer
        buffer.writeLiteral("cdefghijklmnopqrstuvwxyz")
        buffer.writeLiteral("")
        #expect(String(buffer: buffer) == "abcdefghijklmnopqrstuvwxyz")
        #expect(String(buffer: copy) == "ab")
    }
}
