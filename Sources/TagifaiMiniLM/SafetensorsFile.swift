import FoundationEssentials
import Tagifai

/// A safetensors file held in memory: a little-endian UInt64 header length, a JSON header naming
/// each tensor's dtype, shape and byte range, then the tensors' bytes in C order.
///
/// Every number of the header is checked before it is used (the header length against the file,
/// each shape against its byte range with overflow checks, each range against the data section,
/// the ranges against each other), so a damaged file is an error naming the tensor, never a read
/// out of bounds. The bytes are read, not mapped, for the reasons `ModelBytes` gives.
public struct SafetensorsFile: Sendable {
    /// The largest header read; the format's reference implementation has the same limit.
    static let maximumHeaderSize = 100 << 20

    public let path: String
    /// The tensors by name; `__metadata__` is not a tensor and is left out.
    public let tensors: [String: SafetensorsTensor]
    private let bytes: ModelBytes
    private let dataStart: Int

    /// Reads and checks the file at `path`.
    public init(path: String) throws(SafetensorsError) {
        let bytes: ModelBytes
        do {
            bytes = try ModelBytes(reading: URL(fileURLWithPath: path))
        } catch {
            switch error {
            case .missing: throw .missing(file: path)
            case .unreadable(_, let reason), .malformed(_, let reason): throw .unreadable(file: path, reason: reason)
            default: throw .unreadable(file: path, reason: error.description)
            }
        }
        try self.init(path: path, bytes: bytes)
    }

    /// Checks `contents` as the bytes of a file named `path` (which only names it in errors).
    public init(path: String, contents: [UInt8]) throws(SafetensorsError) {
        try self.init(path: path, bytes: ModelBytes(copying: contents))
    }

    init(path: String, bytes: ModelBytes) throws(SafetensorsError) {
        self.path = path
        self.bytes = bytes
        let buffer = bytes.buffer
        guard buffer.count >= 8 else {
            throw .malformedHeader(file: path, reason: "the file is \(buffer.count) bytes, shorter than the 8-byte header length")
        }
        let declared = UInt64(littleEndian: buffer.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(min(Self.maximumHeaderSize, buffer.count - 8)) else {
            throw .malformedHeader(
                file: path,
                reason: "the header length \(declared) exceeds the \(buffer.count - 8) bytes after it (or the \(Self.maximumHeaderSize)-byte limit)"
            )
        }
        let headerSize = Int(declared)
        dataStart = 8 + headerSize
        let header = Array(buffer[8..<dataStart])
        tensors = try SafetensorsHeader.parse(header, file: path, dataSize: buffer.count - dataStart)
    }

    /// The tensor `name` as Float values, after checking that it is F32 of exactly `shape`.
    public func floats(_ name: String, shape: [Int]) throws(SafetensorsError) -> [Float] {
        let tensor = try checked(name, shape: shape)
        return Self.copy(bytes.buffer, from: dataStart + tensor.byteRange.lowerBound, count: tensor.byteRange.count / 4)
    }

    /// The tensor `name` in place in the file's bytes (F32 of exactly `shape`); copied only when
    /// its values do not start 4-byte aligned or the host is not little-endian.
    func tensor(_ name: String, shape: [Int]) throws(SafetensorsError) -> FloatTensor {
        let tensor = try checked(name, shape: shape)
        let offset = dataStart + tensor.byteRange.lowerBound
        let count = tensor.byteRange.count / 4
        if Int(bitPattern: bytes.base + offset) % MemoryLayout<Float>.alignment == 0, 1.littleEndian == 1 {
            return FloatTensor(owner: bytes, offset: offset, count: count)
        }
        return FloatTensor(Self.copy(bytes.buffer, from: offset, count: count))
    }

    private func checked(_ name: String, shape: [Int]) throws(SafetensorsError) -> SafetensorsTensor {
        guard let tensor = tensors[name] else { throw .missingTensor(file: path, tensor: name) }
        let wanted = SafetensorsTensor(name: name, dtype: "F32", shape: shape, byteRange: tensor.byteRange)
        guard tensor.dtype == "F32", tensor.shape == shape else {
            throw .unexpectedTensor(file: path, tensor: name, expected: wanted.signature, found: tensor.signature)
        }
        return tensor
    }

    /// `count` little-endian F32 values at `start` of `buffer`, at any alignment.
    private static func copy(_ buffer: UnsafeRawBufferPointer, from start: Int, count: Int) -> [Float] {
        let source = UnsafeRawBufferPointer(rebasing: buffer[start...].prefix(count * 4))
        return [Float](unsafeUninitializedCapacity: count) { values, initialized in
            for index in 0..<count {
                let bits = UInt32(littleEndian: source.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                values[index] = Float(bitPattern: bits)
            }
            initialized = count
        }
    }
}
