#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import Testing
@testable import TagifaiAPI

@Suite struct LocalTimestampTests {
    /// The first call on a thread makes its second's text, the next ones reuse it until the second
    /// changes; every call must read as strftime reads the same clock.
    @Test func writesTheLocalTimeBetweenTwoReadingsOfTheClock() async {
        Self.checkCalls(count: 2_000)
        await Task.detached { Self.checkCalls(count: 20) }.value
    }

    private static func checkCalls(count: Int) {
        for _ in 0..<count {
            let before = reading()
            var buffer = ByteBuffer()
            LocalTimestamp.write(into: &buffer)
            let after = reading()
            let stamp = String(buffer: buffer)
            #expect(stamp.utf8.count == 26)
            #expect(before <= stamp && stamp <= after, "\(stamp) not within \(before) … \(after)")
        }
    }

    /// The clock now, as `%Y-%m-%dT%H:%M:%S` and six digits of microseconds.
    private static func reading() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var local = tm()
        localtime_r(&now.tv_sec, &local)
        var text = [CChar](repeating: 0, count: 32)
        let length = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%S", &local)
        let micro = String(Int(now.tv_nsec) / 1000)
        return String(decoding: text[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) + "."
            + String(repeating: "0", count: 6 - micro.count) + micro
    }
}
