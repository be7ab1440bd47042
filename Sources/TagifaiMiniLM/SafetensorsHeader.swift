import FoundationEssentials

/// The JSON header of a safetensors file, decoded and checked against the data section's size.
enum SafetensorsHeader {
    /// A header value; fields that are absent or of the wrong JSON type are nil, and reported by `check`.
    private struct Entry: Decodable {
        let dtype: String?
        let shape: [Int]?
        let dataOffsets: [Int]?

        private enum Key: String, CodingKey {
            case dtype, shape, dataOffsets = "data_offsets"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            dtype = try? container.decode(String.self, forKey: .dtype)
            shape = try? container.decode([Int].self, forKey: .shape)
            dataOffsets = try? container.decode([Int].self, forKey: .dataOffsets)
        }
    }

    static func parse(_ header: [UInt8], file: String, dataSize: Int) throws(SafetensorsError) -> [String: SafetensorsTensor] {
        guard header.first == UInt8(ascii: "{") else {
            throw .malformedHeader(file: file, reason: "the header does not start with a JSON object")
        }
        let entries: [String: Entry]
        do {
            entries = try JSONDecoder().decode([String: Entry].self, from: Data(header))
        } catch {
            throw .malformedHeader(file: file, reason: "its JSON does not decode (\(error))")
        }
        var tensors: [String: SafetensorsTensor] = [:]
        for (name, entry) in entries where name != "__metadata__" {
            tensors[name] = try check(name: name, entry: entry, file: file, dataSize: dataSize)
        }
        let sorted = tensors.values.sorted {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound) < ($1.byteRange.lowerBound, $1.byteRange.upperBound)
        }
        try checkLayout(sorted, file: file, dataSize: dataSize)
        return tensors
    }

    private static func check(name: String, entry: Entry, file: String, dataSize: Int) throws(SafetensorsError) -> SafetensorsTensor {
        guard let dtype = entry.dtype, let shape = entry.shape, let offsets = entry.dataOffsets else {
            throw .malformedTensor(file: file, tensor: name, reason: "its entry lacks dtype, shape or data_offsets")
        }
        guard let elementSize = SafetensorsTensor.elementSizes[dtype] else {
            throw .malformedTensor(file: file, tensor: name, reason: "unknown dtype \"\(dtype)\"")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw .malformedTensor(file: file, tensor: name, reason: "shape \(shape) has a negative dimension")
        }
        var byteCount = elementSize
        for dimension in shape {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw .malformedTensor(file: file, tensor: name, reason: "shape \(shape) overflows") }
            byteCount = product
        }
        guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize else {
            throw .malformedTensor(
                file: file, tensor: name,
                reason: "data_offsets \(offsets) are not a range inside the \(dataSize) bytes of data"
            )
        }
        guard offsets[1] - offsets[0] == byteCount else {
            throw .malformedTensor(
                file: file, tensor: name,
                reason: "data_offsets \(offsets) hold \(offsets[1] - offsets[0]) bytes but \(dtype) of shape \(shape) needs \(byteCount)"
            )
        }
        return SafetensorsTensor(name: name, dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1])
    }

    /// The ranges must tile the data section: no overlap (two tensors sharing bytes) and no hole.
    private static func checkLayout(_ sorted: [SafetensorsTensor], file: String, dataSize: Int) throws(SafetensorsError) {
        var end = 0
        for tensor in sorted {
            guard tensor.byteRange.lowerBound == end else {
                let problem = tensor.byteRange.lowerBound < end ? "overlaps the tensor before it" : "leaves a gap before it"
                throw .malformedTensor(file: file, tensor: tensor.name, reason: "its range \(tensor.byteRange) \(problem)")
            }
            end = tensor.byteRange.upperBound
        }
        guard end == dataSize else {
            throw .malformedHeader(file: file, reason: "the tensors cover \(end) bytes of the \(dataSize) bytes of data")
        }
    }
}
