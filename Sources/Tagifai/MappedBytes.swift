import Foundation

/// Read-only bytes of a model file: memory-mapped from disk, or owned when built in memory.
///
/// Mapping shares the file's pages between every worker process and costs nothing per feature.
final class MappedBytes: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int
    private let isMapped: Bool

    /// Copies `bytes` into an aligned buffer this object owns.
    init(copying bytes: [UInt8]) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        base = UnsafeRawPointer(buffer)
        count = bytes.count
        isMapped = false
    }

    /// Maps the file at `url` read-only and shared.
    init(mapping url: URL) throws(ArtifactError) {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .missing(file: url.path) }
            throw .unreadable(file: url.path, reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .unreadable(file: url.path, reason: String(cString: strerror(errno)))
        }
        let size = Int(info.st_size)
        guard size > 0 else { throw .truncated(file: url.path, expectedBytes: ModelFile.headerSize, actualBytes: 0) }
        guard let pointer = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0), pointer != MAP_FAILED else {
            throw .unreadable(file: url.path, reason: String(cString: strerror(errno)))
        }
        base = UnsafeRawPointer(pointer)
        count = size
        isMapped = true
    }

    deinit {
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }
}
