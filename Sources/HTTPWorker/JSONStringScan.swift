/// Finds where a run of JSON string content ends, eight bytes at a time.
///
/// A byte loop over a string's bytes cost about 15 instructions a byte (callgrind); a request to
/// `/predict` scans each of its texts twice, reading it and echoing it. Each 8-byte word is tested
/// with the carry tricks of "Bit Twiddling Hacks" (`haszero`, `hasless`): a byte is flagged in its
/// top bit. A borrow can flag a byte that does not match, but only above one that does, so the
/// lowest flag is always the first match.
public enum JSONStringScan {
    /// The index in `bytes` of the first byte from `start` on that is a quote, a backslash or a
    /// control character (below 0x20), or with `printableASCIIOnly` also any byte from 0x7F up;
    /// `bytes.count` when there is none.
    @inline(__always)
    public static func firstSpecial(in bytes: UnsafeRawBufferPointer, from start: Int, printableASCIIOnly: Bool) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var index = start
        while index + 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            var flags = lessThan(word, 0x20) | equal(word, UInt8(ascii: "\"")) | equal(word, UInt8(ascii: "\\"))
            if printableASCIIOnly { flags |= word & highBits | equal(word, 0x7F) }
            if flags != 0 { return index + flags.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count, !isSpecial(base.load(fromByteOffset: index, as: UInt8.self), printableASCIIOnly) {
            index += 1
        }
        return index
    }

    /// The byte-by-byte test `firstSpecial` makes of each word.
    @inline(__always)
    private static func isSpecial(_ byte: UInt8, _ printableASCIIOnly: Bool) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || (printableASCIIOnly && byte >= 0x7F)
    }

    private static let lowBits: UInt64 = 0x0101_0101_0101_0101, highBits: UInt64 = 0x8080_8080_8080_8080

    /// The top bit of each byte below `limit` (at most 0x80), and maybe of bytes above such a byte.
    @inline(__always)
    private static func lessThan(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- lowBits &* UInt64(limit)) & ~word & highBits
    }

    /// The top bit of each byte equal to `byte`, and maybe of bytes above such a byte.
    @inline(__always)
    private static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        lessThan(word ^ lowBits &* UInt64(byte), 1)
    }
}
