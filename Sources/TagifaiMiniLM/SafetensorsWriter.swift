/// Writes F32 tensors as a safetensors file: the header's tensors in the order given, their data
/// in the same order, the header padded with spaces to a multiple of 8 bytes (as the format's own
/// writer does, so every tensor starts 4-byte aligned in a file read at an aligned address).
enum SafetensorsWriter {
    static func encode(_ tensors: [(name: String, shape: [Int], values: [Float])]) -> [UInt8] {
        var offset = 0
        var entries: [String] = []
        for tensor in tensors {
            precondition(tensor.shape.reduce(1, *) == tensor.values.count, "tensor \(tensor.name) does not fill its shape")
            let end = offset + 4 * tensor.values.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\"\(tensor.name)\":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        while (8 + header.count) % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header
        bytes.reserveCapacity(bytes.count + offset)
        for tensor in tensors {
            for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        }
        return bytes
    }
}
