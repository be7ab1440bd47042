import Foundation
import Testing
import TestSupport
@testable import TagifaiMiniLM

/// The safetensors reader on small files written here, well-formed and damaged.
@Suite struct MiniLMSafetensorsTests {
    /// A file of `header` (JSON) followed by `data`.
    static func file(_ header: String, _ data: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data
    }

    static func bytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
    }

    static let twoTensors = file(
        #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}"#,
        bytes([1, 2, 3, 4, 5, -6.5, 0.25, 1e-3])
    )

    @Test func readsFloatTensorsByName() throws {
        let file = try SafetensorsFile(path: "tiny.safetensors", contents: Self.twoTensors)
        #expect(Set(file.tensors.keys) == ["w", "b"])
        #expect(try file.floats("w", shape: [2, 3]) == [1, 2, 3, 4, 5, -6.5])
        #expect(try file.floats("b", shape: [2]) == [0.25, 1e-3])
    }

    @Test func readsAFileFromDisk() throws {
        let scratch = try ScratchFolder("safetensors")
        let path = scratch.path("tiny.safetensors")
        try Data(Self.twoTensors).write(to: URL(fileURLWithPath: path))
        #expect(try SafetensorsFile(path: path).floats("b", shape: [2]) == [0.25, 1e-3])
        #expect(throws: SafetensorsError.missing(file: scratch.path("none.safetensors"))) {
            try SafetensorsFile(path: scratch.path("none.safetensors"))
        }
    }

    @Test func namesTheTensorWhoseShapeOrTypeDiffers() throws {
        let file = try SafetensorsFile(path: "tiny.safetensors", contents: Self.twoTensors)
        #expect(throws: SafetensorsError.unexpectedTensor(file: "tiny.safetensors", tensor: "w", expected: "F32[3, 2]", found: "F32[2, 3]")) {
            try file.floats("w", shape: [3, 2])
        }
        #expect(throws: SafetensorsError.missingTensor(file: "tiny.safetensors", tensor: "q")) {
            try file.floats("q", shape: [1])
        }
        let halves = try SafetensorsFile(path: "h.safetensors", contents: Self.file(#"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, [0, 60, 0, 60]))
        #expect(throws: SafetensorsError.unexpectedTensor(file: "h.safetensors", tensor: "h", expected: "F32[2]", found: "F16[2]")) {
            try halves.floats("h", shape: [2])
        }
    }

    @Test func refusesHeadersThatDoNotFitTheFile() {
        #expect(throws: SafetensorsError.malformedHeader(file: "t", reason: "the file is 3 bytes, shorter than the 8-byte header length")) {
            try SafetensorsFile(path: "t", contents: [1, 2, 3])
        }
        var long = Self.twoTensors
        long.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init))
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(path: "t", contents: long) }
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(path: "t", contents: Self.file("[1]", [])) }
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(path: "t", contents: Self.file("{\"w\":", [])) }
    }

    @Test(arguments: [
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}"#, 12, "needs 8"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 4, "not a range inside"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, 8, "not a range inside"),
        (#"{"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#, 8, "unknown dtype"),
        (#"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, 8, "negative dimension"),
        (#"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, 8, "overflows"),
        (#"{"w":{"dtype":"F32","shape":[2]}}"#, 8, "lacks"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, 12, "gap"),
        (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8, "overlaps"),
    ])
    func refusesTensorEntriesOutsideTheData(header: String, dataSize: Int, reason: String) {
        do {
            _ = try SafetensorsFile(path: "bad.safetensors", contents: Self.file(header, Array(repeating: 0, count: dataSize)))
            Issue.record("accepted \(header)")
        } catch {
            #expect(error.description.contains("bad.safetensors"))
            #expect(error.description.contains(reason), "\(error)")
            if case .malformedTensor(_, let tensor, _) = error { #expect(["w", "v"].contains(tensor)) }
        }
    }

    @Test func refusesDataBeyondTheLastTensor() {
        let padded = Self.file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, [0, 0, 0, 0, 9])
        #expect(throws: SafetensorsError.malformedHeader(file: "t", reason: "the tensors cover 4 bytes of the 5 bytes of data")) {
            try SafetensorsFile(path: "t", contents: padded)
        }
    }
}
