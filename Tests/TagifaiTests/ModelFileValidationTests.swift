import Foundation
import Testing
@testable import Tagifai

/// Damaged `model.bin` files of every kind are refused at load, naming the file and the fault,
/// instead of crashing or hanging the first prediction.
@Suite struct ModelFileValidationTests {
    static let file = "damaged/model.bin"

    /// A valid model of five features and two classes.
    static func validBytes() -> [UInt8] {
        ModelFile.encode(
            hashes: [11, 22, 33, 44, 55], idf: [1, 2, 3, 4, 5], weights: [[1, 0, 1, 0, 1], [0, 1, 0, 1, 0]],
            bias: [0.5, -0.5], ngramMaxLength: 4, lower: true)
    }

    static func header(_ bytes: [UInt8]) -> ModelFile.Header {
        func field(_ index: Int) -> Int {
            bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 8 + 4 * index, as: UInt32.self)) }
        }
        return ModelFile.Header(
            classCount: field(1), featureCount: field(2), tableCapacity: field(3), ngramMaxLength: field(4), lower: true)
    }

    static func setWord(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value, toByteOffset: offset, as: UInt32.self) }
    }

    static func tableEntries(_ bytes: [UInt8]) -> [UInt32] {
        let header = header(bytes)
        return bytes.withUnsafeBytes { raw in
            (0..<header.tableCapacity).map { raw.loadUnaligned(fromByteOffset: header.tableOffset + 4 * $0, as: UInt32.self) }
        }
    }

    /// The message loading `bytes` fails with, or nil when it loads.
    static func refusal(_ bytes: [UInt8]) -> String? {
        do {
            let scorer = try LinearScorer(bytes: ModelBytes(copying: bytes), file: file)
            _ = scorer.best("apple rocket banana")
            return nil
        } catch {
            return error.description
        }
    }

    static func expectRefused(_ bytes: [UInt8], saying reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let message = refusal(bytes)
        #expect(message?.contains(file) == true, "\(message ?? "loaded")", sourceLocation: sourceLocation)
        #expect(message?.contains(reason) == true, "\(message ?? "loaded")", sourceLocation: sourceLocation)
    }

    @Test func theValidModelLoads() {
        #expect(Self.refusal(Self.validBytes()) == nil)
    }

    @Test func theFuzzerSeedsAreValidModels() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/ModelCorpus")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".bin") }
        #expect(seeds.count == 3)
        for seed in seeds {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(seed)))
            #expect(Self.refusal(bytes) == nil, "\(seed)")
        }
    }

    @Test func aTableEntryAboveTheFeatureCountIsRefused() {
        var bytes = Self.validBytes()
        let slot = Self.tableEntries(bytes).firstIndex { $0 != 0 }!
        Self.setWord(&bytes, at: Self.header(bytes).tableOffset + 4 * slot, 6)
        Self.expectRefused(bytes, saying: "table slot \(slot) names feature 5 of 5")
        Self.setWord(&bytes, at: Self.header(bytes).tableOffset + 4 * slot, .max)
        Self.expectRefused(bytes, saying: "names feature 4294967294 of 5")
    }

    @Test func aTableWithNoEmptySlotIsRefused() {
        var bytes = Self.validBytes()
        for (slot, entry) in Self.tableEntries(bytes).enumerated() where entry == 0 {
            Self.setWord(&bytes, at: Self.header(bytes).tableOffset + 4 * slot, 1)
        }
        Self.expectRefused(bytes, saying: "names feature 0 a second time")
    }

    @Test func aFeatureMissingFromTheTableOrOutOfPlaceIsRefused() {
        var bytes = Self.validBytes()
        let entries = Self.tableEntries(bytes)
        let used = entries.indices.filter { entries[$0] != 0 }
        Self.setWord(&bytes, at: Self.header(bytes).tableOffset + 4 * used[0], 0)
        Self.expectRefused(bytes, saying: "its table holds 4 of 5 features in 16 slots")
        bytes = Self.validBytes()
        Self.setWord(&bytes, at: Self.header(bytes).tableOffset + 4 * used[0], entries[used[1]])
        Self.setWord(&bytes, at: Self.header(bytes).tableOffset + 4 * used[1], entries[used[0]])
        Self.expectRefused(bytes, saying: "is not where its hash leads in the table")
    }

    @Test func headerCountsThatOverflowAreRefusedWithoutTrapping() {
        var bytes = Self.validBytes()
        Self.setWord(&bytes, at: 12, .max)
        Self.setWord(&bytes, at: 16, 1 << 30)
        Self.setWord(&bytes, at: 20, 1 << 31)
        Self.expectRefused(bytes, saying: "its header counts describe a file too large to address")
    }

    /// A header word at `offset` set to `value`, and the refusal it must give.
    @Test(arguments: [
        (20, 24, "its table capacity 24 is not a power of two at least twice its 5 features"),
        (20, 8, "its table capacity 8 is not a power of two"),
        (12, 1, "declares 1 classes, fewer than 2"),
        (24, 100_000, "its longest n-gram is 100000, outside 2...16"),
        (28, 3, "its flags word is 3"),
    ] as [(Int, UInt32, String)])
    func inconsistentHeaderFieldsAreRefused(offset: Int, value: UInt32, reason: String) {
        var bytes = Self.validBytes()
        Self.setWord(&bytes, at: offset, value)
        Self.expectRefused(bytes, saying: reason)
    }

    @Test func aSizeThatDisagreesWithTheHeaderIsRefused() {
        let bytes = Self.validBytes()
        Self.expectRefused(bytes + [0, 0, 0, 0], saying: "is \(bytes.count + 4) bytes but its header describes \(bytes.count)")
        Self.expectRefused(Array(bytes.dropLast(4)), saying: "is \(bytes.count - 4) bytes but its header describes \(bytes.count)")
        Self.expectRefused(Array(bytes.prefix(10)), saying: "is 10 bytes but its header describes 64")
    }

    @Test func aWeightThatIsNotFiniteIsRefused() {
        let header = Self.header(Self.validBytes())
        for (offset, what) in [
            (header.recordsOffset + 4 * header.recordStride * 2, "feature 2's idf"),
            (header.recordsOffset + 4 * (header.recordStride * 3 + 1), "feature 3's weights"),
            (header.biasOffset + 4, "the biases"),
        ] {
            var bytes = Self.validBytes()
            Self.setWord(&bytes, at: offset, Float.nan.bitPattern)
            Self.expectRefused(bytes, saying: "\(what) hold nan, not a finite number")
        }
    }

    @Test func theFileSizeIsComputedWithOverflowChecks() {
        let header = ModelFile.Header(
            classCount: Int(UInt32.max), featureCount: 1 << 31, tableCapacity: 1 << 32, ngramMaxLength: 4, lower: true)
        #expect(ModelFile.checkedFileSize(header) == nil)
        let valid = Self.validBytes()
        #expect(ModelFile.checkedFileSize(Self.header(valid)) == valid.count)
    }
}
