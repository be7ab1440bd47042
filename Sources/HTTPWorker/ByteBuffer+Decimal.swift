import NIOCore

extension ByteBuffer {
    /// Writes `value` in decimal, as `String(value)` spells it, without making that String.
    ///
    /// Every response writes a status code and a `Content-Length`; a String per number was about
    /// 300 instructions of a `GET /` (callgrind).
    public mutating func writeDecimal(_ value: Int) {
        if value < 0 { writeInteger(UInt8(ascii: "-")) }
        var digits = 1
        var rest = value.magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        writeWithUnsafeMutableBytes(minimumWritableBytes: digits) { bytes in
            var rest = value.magnitude
            for index in stride(from: digits - 1, through: 0, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            return digits
        }
    }
}
