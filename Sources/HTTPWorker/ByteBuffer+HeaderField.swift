import NIOCore

extension ByteBuffer {
    /// Whether a line of these bytes starts with the header field `name` (lowercase ASCII) and a colon,
    /// in any letter case.
    func containsHeaderField(named name: StaticString) -> Bool {
        let bytes = readableBytesView
        let field = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        var lineStart = bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }
        while let start = lineStart, bytes.endIndex - start > field.count {
            let matches = zip(bytes[start...], field).allSatisfy { byte, expected in
                (UInt8(ascii: "A")...UInt8(ascii: "Z") ~= byte ? byte | 0x20 : byte) == expected
            }
            if matches && bytes[start + field.count] == UInt8(ascii: ":") { return true }
            lineStart = bytes[start...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }
        }
        return false
    }
}
