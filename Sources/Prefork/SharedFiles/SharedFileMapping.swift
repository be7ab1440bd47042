import Glibc

/// A worker's read-only view of a file the supervisor shared with its generation: the sealed
/// memfd mapped `PROT_READ`, `MAP_SHARED`, so every worker maps the same pages.
///
/// The bytes never change while the mapping lives (the memfd is sealed against writes, shrinking
/// and growing), whatever happens to the file on disk.
public final class SharedFileMapping: @unchecked Sendable {
    /// The path the application named the file by.
    public let path: String
    /// The file's bytes; empty for an empty file.
    public let bytes: UnsafeRawBufferPointer

    /// Maps the whole of `fd` read-only; the descriptor may be closed afterwards.
    init(path: String, fileDescriptor fd: CInt) throws(WorkerContextError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unusableSharedFile(path: path, reason: String(cString: strerror(errno))) }
        self.path = path
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), base != MAP_FAILED else {
            throw .unusableSharedFile(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
