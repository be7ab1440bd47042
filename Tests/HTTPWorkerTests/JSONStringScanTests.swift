import Testing
@testable import HTTPWorker

/// `JSONStringScan.firstSpecial` against a byte-by-byte scan: every byte value at every place of a
/// word and of the tail, borrows from a special byte into the bytes above it, and random runs.
@Suite struct JSONStringScanTests {
    private static func expected(_ bytes: [UInt8], from start: Int, printableASCIIOnly: Bool) -> Int {
        bytes[start...].firstIndex {
            $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || (printableASCIIOnly && $0 >= 0x7F)
        } ?? bytes.count
    }

    private static func scanned(_ bytes: [UInt8], from start: Int, printableASCIIOnly: Bool) -> Int {
        bytes.withUnsafeBytes { JSONStringScan.firstSpecial(in: $0, from: start, printableASCIIOnly: printableASCIIOnly) }
    }

    @Test(arguments: [false, true])
    func everyByteAtEveryPlaceIsFoundOrPassedAsAByteLoopWould(printableASCIIOnly: Bool) {
        for byte in UInt8.min...UInt8.max {
            // 21 bytes: two whole words and a tail of five, so each place of each is tried.
            for place in 0..<21 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 21)
                bytes[place] = byte
                for start in [0, 3, 8] where start <= place {
                    let want = Self.expected(bytes, from: start, printableASCIIOnly: printableASCIIOnly)
                    #expect(Self.scanned(bytes, from: start, printableASCIIOnly: printableASCIIOnly) == want,
                            "byte \(byte) at \(place) from \(start)")
                }
            }
        }
    }

    /// A special byte next to bytes a borrow out of it could flag (0x00, 0x01, 0x20, 0x21, 0x22,
    /// 0x5C, 0x5D, 0x7F, 0x80): the first special one is found, not one after it.
    @Test(arguments: [false, true])
    func aBorrowFlagsNothingBeforeTheFirstMatch(printableASCIIOnly: Bool) {
        let neighbours: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xFF]
        for low in neighbours {
            for high in neighbours {
                for place in 0..<8 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "b"), count: 16)
                    bytes[place] = low
                    bytes[place + 1] = high
                    let want = Self.expected(bytes, from: 0, printableASCIIOnly: printableASCIIOnly)
                    #expect(Self.scanned(bytes, from: 0, printableASCIIOnly: printableASCIIOnly) == want,
                            "\(low) then \(high) at \(place)")
                }
            }
        }
    }

    @Test func randomRunsAgreeWithAByteLoop() {
        var generator = SystemRandomNumberGenerator()
        // Mostly plain letters, some specials, so runs of every length end in each way.
        let alphabet: [UInt8] = Array("abc xyz0".utf8) + [0x22, 0x5C, 0x0A, 0x7F, 0xC3, 0xA9]
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator) ? UInt8(ascii: "q") : alphabet.randomElement(using: &generator)!
            }
            let start = count == 0 ? 0 : Int.random(in: 0...count, using: &generator)
            for printableASCIIOnly in [false, true] {
                #expect(Self.scanned(bytes, from: start, printableASCIIOnly: printableASCIIOnly)
                        == Self.expected(bytes, from: start, printableASCIIOnly: printableASCIIOnly), "\(bytes) from \(start)")
            }
        }
    }

    @Test func anEmptyBufferHasNothingToFind() {
        #expect(JSONStringScan.firstSpecial(in: UnsafeRawBufferPointer(start: nil, count: 0), from: 0, printableASCIIOnly: true) == 0)
    }
}
