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
    /// Writes the current local time, with microseconds, into `buffer`.
    static func write(into buffer: inout ByteBuffer) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var local = tm()
        localtime_r(&seconds, &local)
        writeDigits(Int(local.tm_year) + 1900, count: 4, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeDigits(Int(local.tm_mon) + 1, count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeDigits(Int(local.tm_mday), count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "T"))
        writeDigits(Int(local.tm_hour), count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeDigits(Int(local.tm_min), count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeDigits(Int(local.tm_sec), count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "."))
        writeDigits(Int(now.tv_nsec) / 1000, count: 6, into: &buffer)
    }

    private static func writeDigits(_ value: Int, count: Int, into buffer: inout ByteBuffer) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var remainder = value
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(remainder / divisor % 10))
            remainder %= divisor
            divisor /= 10
        }
    }
}
