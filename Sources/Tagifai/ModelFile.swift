/// The binary layout of `model.bin`: a feature hash table, idf values and class weights.
///
/// Layout (little-endian): a 64-byte header (magic, format version, class count, feature count,
/// table capacity, longest char n-gram, flags; in version 2 also the longest word n-gram and the
/// number of word features), then the open-addressing table (`UInt32` per slot,
/// 0 = empty, else feature index + 1), each feature's 64-bit n-gram hash, each feature's record
/// (`Float32` idf followed by one weight per class), and one bias per class. Loading checks all
/// of it (`ModelFile+Validation.swift`), so scoring can trust every offset and table entry.
///
/// Version 1 is the lesson's: char n-grams, raw term counts, flags bit 0 = lowercase. Version 2
/// adds word n-grams (the first `wordFeatureCount` features, normalised as a block of their own)
/// and flags bit 1 = sublinear tf. A model that uses neither is written as version 1, so the
/// lesson's model stays byte for byte what it was; a build that knows only version 1 refuses a
/// version 2 file by name.
enum ModelFile {
    static let fileName = "model.bin"
    static let magic: [UInt8] = Array("TAGIFAI\u{1}".utf8)
    /// The newest format version this build writes and reads.
    static let formatVersion = 2
    static let headerSize = 64
    /// The flags word's bits.
    static let lowerFlag = 1, sublinearFlag = 2

    struct Header: Equatable {
        var classCount: Int
        var featureCount: Int
        var tableCapacity: Int
        var ngramMaxLength: Int
        var lower: Bool
        var wordNgramMaxLength = 0
        var wordFeatureCount = 0
        var sublinearTF = false

        /// The format version the header needs: 1 unless word n-grams or sublinear tf are used.
        var version: Int { wordNgramMaxLength == 0 && !sublinearTF ? 1 : 2 }
        var flags: Int { (lower ? lowerFlag : 0) | (sublinearTF ? sublinearFlag : 0) }

        var tableOffset: Int { ModelFile.headerSize }
        var hashesOffset: Int { (tableOffset + 4 * tableCapacity + 7) & ~7 }
        var recordsOffset: Int { hashesOffset + 8 * featureCount }
        var recordStride: Int { 1 + classCount }
        var biasOffset: Int { recordsOffset + 4 * featureCount * recordStride }
        var fileSize: Int { biasOffset + 4 * classCount }
    }

    /// The table capacity for `featureCount` features: a power of two at most half full.
    static func tableCapacity(featureCount: Int) -> Int {
        var capacity = 16
        while capacity < 2 * featureCount { capacity *= 2 }
        return capacity
    }

    /// The first table slot probed for `hash` (a multiplicative mix of all 64 bits).
    @inline(__always)
    static func slot(of hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Encodes a char n-gram model (format version 1); `hashes` must be distinct and `weights`
    /// holds one row per class.
    static func encode(
        hashes: [UInt64], idf: [Float], weights: [[Float]], bias: [Float], ngramMaxLength: Int, lower: Bool
    ) -> [UInt8] {
        encode(
            hashes: hashes, idf: idf, weights: weights, bias: bias,
            header: Header(
                classCount: bias.count, featureCount: hashes.count,
                tableCapacity: tableCapacity(featureCount: hashes.count), ngramMaxLength: ngramMaxLength, lower: lower))
    }

    /// Encodes a trained model under `header`, whose counts must match the arrays.
    static func encode(hashes: [UInt64], idf: [Float], weights: [[Float]], bias: [Float], header: Header) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: header.fileSize)
        bytes.withUnsafeMutableBytes { raw in
            raw.copyBytes(from: magic)
            let versionTwo = header.version == 2 ? [header.wordNgramMaxLength, header.wordFeatureCount] : []
            for (offset, value) in ([
                header.version, header.classCount, header.featureCount, header.tableCapacity,
                header.ngramMaxLength, header.flags,
            ] + versionTwo).enumerated() {
                raw.storeBytes(of: UInt32(value).littleEndian, toByteOffset: 8 + 4 * offset, as: UInt32.self)
            }
            let mask = header.tableCapacity - 1
            for (index, hash) in hashes.enumerated() {
                var slot = self.slot(of: hash, mask: mask)
                while raw.load(fromByteOffset: header.tableOffset + 4 * slot, as: UInt32.self) != 0 {
                    slot = (slot + 1) & mask
                }
                raw.storeBytes(of: UInt32(index + 1), toByteOffset: header.tableOffset + 4 * slot, as: UInt32.self)
                raw.storeBytes(of: hash, toByteOffset: header.hashesOffset + 8 * index, as: UInt64.self)
                let record = header.recordsOffset + 4 * header.recordStride * index
                raw.storeBytes(of: idf[index], toByteOffset: record, as: Float.self)
                for (classIndex, row) in weights.enumerated() {
                    raw.storeBytes(of: row[index], toByteOffset: record + 4 * (1 + classIndex), as: Float.self)
                }
            }
            for (classIndex, value) in bias.enumerated() {
                raw.storeBytes(of: value, toByteOffset: header.biasOffset + 4 * classIndex, as: Float.self)
            }
        }
        return bytes
    }
}
