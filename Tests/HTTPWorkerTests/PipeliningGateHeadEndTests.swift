import NIOCore
import Testing
@testable import HTTPWorker

@Suite struct PipeliningGateHeadEndTests {
    /// Finds the end of a request head as a byte-by-byte search does, from every start, on a view
    /// that does not begin at index 0 of its buffer.
    @Test(arguments: [
        "", "\n", "\n\n", "\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.1\nHost: a\n\n",
        "POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "a\r\nb\r\r\n\r\nc", "x\n\r\ny", "no line feed", "\r\n\r", "line\n\rx\n\n",
    ])
    func findsWhatAByteSearchFinds(text: String) {
        var buffer = ByteBuffer(string: "skipped" + text)
        buffer.moveReaderIndex(forwardBy: 7)
        let view = buffer.readableBytesView
        for start in view.startIndex...view.endIndex {
            #expect(PipeliningGate.headEnd(in: view, from: start) == Self.reference(view, from: start), "from \(start) in \(text.debugDescription)")
        }
    }

    private static func reference(_ view: ByteBufferView, from start: Int) -> Int? {
        var from = start
        while let lineFeed = view[from...].firstIndex(of: UInt8(ascii: "\n")) {
            var next = lineFeed + 1
            if next < view.endIndex, view[next] == UInt8(ascii: "\r") { next += 1 }
            if next < view.endIndex, view[next] == UInt8(ascii: "\n") { return next + 1 }
            from = lineFeed + 1
        }
        return nil
    }
}
