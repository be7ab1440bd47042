#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// The current local time as Python's `datetime.now().isoformat()` writes it: `2021-03-21T13:12:01.297630`.
///
/// Python drops the fraction when the microseconds are exactly zero; this always writes six
/// digits, which every ISO 8601 parser (including `datetime.fromisoformat`) reads the same way.
enum LocalTimestamp {
    /// The length of `2021-03-21T13:12:01.297630`.
    private static let length = 26

    /// Writes the current local time, with microseconds, into `buffer`.
    ///
    /// Every response writes one, so the text is put together on the stack and written once rather
    /// than through `TimestampFormat` (strftime): measured on the shared, busy 2-core build machine,
    /// 1.4–1.6 µs per call this way against 2.5–2.9 µs with strftime plus the microsecond digits, on
    /// a request that costs a worker about 13 µs of CPU; Foundation's ISO 8601 style took 4.5 µs and
    /// writes milliseconds only.
    static func write(into buffer: inout ByteBuffer) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var local = tm()
        localtime_r(&seconds, &local)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { text in
            var position = 0
            func put(_ value: Int, digits: Int, then separator: UInt8?) {
                var remainder = value
                for index in stride(from: position + digits - 1, through: position, by: -1) {
                    text[index] = UInt8(ascii: "0") + UInt8(remainder % 10)
                    remainder /= 10
                }
                position += digits
                if let separator {
                    text[position] = separator
                    position += 1
                }
            }
            put(Int(local.tm_year) + 1900, digits: 4, then: UInt8(ascii: "-"))
            put(Int(local.tm_mon) + 1, digits: 2, then: UInt8(ascii: "-"))
            put(Int(local.tm_mday), digits: 2, then: UInt8(ascii: "T"))
            put(Int(local.tm_hour), digits: 2, then: UInt8(ascii: ":"))
            put(Int(local.tm_min), digits: 2, then: UInt8(ascii: ":"))
            put(Int(local.tm_sec), digits: 2, then: UInt8(ascii: "."))
            put(Int(now.tv_nsec) / 1000, digits: 6, then: nil)
            buffer.writeBytes(UnsafeRawBufferPointer(text))
        }
    }
}
