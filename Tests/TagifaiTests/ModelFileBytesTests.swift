import Foundation
import Testing
import TestSupport

@testable import Tagifai

/// A model loaded from bytes already in memory (a mapping a supervisor shared) instead of its file.
@Suite struct ModelFileBytesTests {
    /// Memory that stays valid while this object lives, as a shared mapping does.
    final class Region: @unchecked Sendable {
        let bytes: UnsafeMutableRawBufferPointer
        init(_ contents: [UInt8]) {
            bytes = .allocate(byteCount: contents.count, alignment: 16)
            bytes.copyBytes(from: contents)
        }
        deinit { bytes.deallocate() }
    }

    @Test func theLoaderTakesModelBinFromItsMapping() throws {
        let scratch = try ScratchFolder()
        let folder = try scratch.copyOfCommittedModel("served")
        let modelURL = URL(fileURLWithPath: folder).appendingPathComponent("model.bin")
        let contents = try [UInt8](Data(contentsOf: modelURL))
        try Data(contents.prefix(100)).write(to: modelURL)
        #expect(throws: ArtifactError.self) { try TagifaiModel.load(from: URL(fileURLWithPath: folder)) }

        let region = Region(contents)
        let files = ModelFileBytes(mapped: [modelURL.path: ModelBytes(borrowing: UnsafeRawBufferPointer(region.bytes), keepingAlive: region)])
        let model = try TagifaiModel.load(from: URL(fileURLWithPath: folder), files: files)
        #expect(model.scorer.bytes.base == UnsafeRawPointer(region.bytes.baseAddress!), "served from the mapping, not a copy")
    }

    @Test func borrowedBytesKeepTheirOwnerAliveAndFreeNothing() {
        weak var released: Region?
        do {
            let region = Region([1, 2, 3, 4])
            released = region
            var bytes: ModelBytes? = ModelBytes(borrowing: UnsafeRawBufferPointer(region.bytes), keepingAlive: region)
            #expect(Array(bytes!.buffer) == [1, 2, 3, 4])
            _ = bytes
            bytes = nil
            #expect(Array(region.bytes) == [1, 2, 3, 4], "the owner's memory outlives the wrapper")
        }
        #expect(released == nil)
    }
}
