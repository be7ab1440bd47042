import Foundation
import Glibc
import Testing
import TestSupport

@testable import Prefork

/// The sealed copy the supervisor makes of a file it shares with a generation's workers.
@Suite struct SharedFileTests {
    @Test func theCopyHoldsTheFilesBytesAndRefusesEveryChange() throws {
        let scratch = try ScratchFolder("shared")
        let contents = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let path = scratch.path("weights.bin")
        try contents.write(to: URL(fileURLWithPath: path))
        let file = try SharedFile(loading: path)
        let mapping = try SharedFileMapping(path: path, fileDescriptor: file.fileDescriptor)
        #expect(Data(mapping.bytes) == contents)

        var byte: UInt8 = 0
        #expect(pwrite(file.fileDescriptor, &byte, 1, 0) == -1 && errno == EPERM)
        #expect(ftruncate(file.fileDescriptor, 10) == -1 && errno == EPERM)
        #expect(ftruncate(file.fileDescriptor, off_t(contents.count + 4096)) == -1 && errno == EPERM)
        let writable = mmap(nil, contents.count, PROT_READ | PROT_WRITE, MAP_SHARED, file.fileDescriptor, 0)
        #expect(writable == MAP_FAILED && errno == EPERM)
        #expect(fcntl(file.fileDescriptor, 1033, CInt(8)) == -1 && errno == EPERM, "no seal can be added or removed")
    }

    @Test func theMappingOutlivesItsDescriptorAndChangesOnDisk() throws {
        let scratch = try ScratchFolder("shared")
        let path = scratch.path("weights.bin")
        let contents = Data(repeating: 0xAB, count: 3 * 4096 + 5)
        try contents.write(to: URL(fileURLWithPath: path))
        let mapping: SharedFileMapping
        do {
            let file = try SharedFile(loading: path)
            mapping = try SharedFileMapping(path: path, fileDescriptor: file.fileDescriptor)
        }
        let truncating = open(path, O_WRONLY | O_TRUNC)
        #expect(truncating >= 0)
        close(truncating)
        #expect(Data(mapping.bytes) == contents)
    }

    @Test func anEmptyFileMapsToNoBytes() throws {
        let scratch = try ScratchFolder("shared")
        let path = try scratch.write("empty", "")
        let file = try SharedFile(loading: path)
        #expect(try SharedFileMapping(path: path, fileDescriptor: file.fileDescriptor).bytes.isEmpty)
    }

    @Test func aFileThatCannotBeReadIsNamedWithTheReason() throws {
        let scratch = try ScratchFolder("shared")
        #expect(throws: SharedFileError(path: scratch.path("missing.bin"), reason: "No such file or directory")) {
            try SharedFile(loading: scratch.path("missing.bin"))
        }
        #expect(throws: SharedFileError(path: scratch.url.path, reason: "it is not a regular file")) {
            try SharedFile(loading: scratch.url.path)
        }
        let message = "\(SharedFileError(path: "/models/m/model.bin", reason: "Permission denied"))"
        #expect(message == "cannot load /models/m/model.bin to share with the workers: Permission denied "
            + "(check the file exists and the server's user may read it)")
    }

    @Test func theListCarriesAnyPath() throws {
        let files: [(path: String, fd: CInt)] = [("/a,b=c%d/é\nf", 7), ("/plain/model.bin", 12)]
        let decoded = try #require(SharedFileList.decode(SharedFileList.encode(files)))
        #expect(decoded.map(\.path) == files.map(\.path))
        #expect(decoded.map(\.fd) == [7, 12])
        #expect(SharedFileList.decode("")?.isEmpty == true)
        #expect(SharedFileList.decode("7=%4") == nil)
        #expect(SharedFileList.decode("x=/a") == nil)
    }
}
