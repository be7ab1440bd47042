/// One tensor's entry in a safetensors header: its element type, shape and bytes in the data section.
public struct SafetensorsTensor: Equatable, Sendable {
    public let name: String
    public let dtype: String
    public let shape: [Int]
    /// Byte range of the tensor, relative to the start of the data section (after the header).
    public let byteRange: Range<Int>

    /// Bytes per element of each dtype the format defines.
    static let elementSizes: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
        "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
        "I32": 4, "U32": 4, "F32": 4,
        "I64": 8, "U64": 8, "F64": 8,
    ]

    /// The shape written as the format's tools write it, e.g. `F32[384, 1536]`.
    var signature: String { "\(dtype)[\(shape.map(String.init).joined(separator: ", "))]" }
}
