import Glibc

/// A read-only file the application named for a generation, copied once by the supervisor into a
/// memfd sealed against every change, which that generation's workers inherit and map.
///
/// A copy rather than the file itself: a mapping of the file on disk raises SIGBUS once another
/// process truncates it (`cp new.bin data.bin`) and mixes two versions when it is rewritten in
/// place; the sealed memfd can be neither written, shrunk nor grown by anyone, so every worker of a
/// generation reads the same bytes, and the page cache holds them once for all of them.
final class SharedFile {
    /// The path as the application named it; workers look the mapping up by it.
    let path: String
    let fileDescriptor: CInt

    /// Copies the regular file at `path` into a new sealed memfd.
    init(loading path: String) throws(SharedFileError) {
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw SharedFileError(path: path, errno: errno) }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0 else { throw SharedFileError(path: path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw SharedFileError(path: path, reason: "it is not a regular file") }
        let fd = MemoryFile.create(name: "prefork-shared:" + String(path.split(separator: "/").last ?? ""), sealable: true)
        guard fd >= 0 else { throw SharedFileError(path: path, reason: "memfd_create failed: \(String(cString: strerror(errno)))") }
        do throws(SharedFileError) {
            try Self.copy(from: source, to: fd, path: path)
            guard MemoryFile.sealContents(fd) else {
                throw SharedFileError(path: path, reason: "sealing its copy failed: \(String(cString: strerror(errno)))")
            }
        } catch {
            close(fd)
            throw error
        }
        self.path = path
        fileDescriptor = fd
    }

    deinit { close(fileDescriptor) }

    /// Copies `source` from its start to its end, in chunks, into `target`.
    private static func copy(from source: CInt, to target: CInt, path: String) throws(SharedFileError) {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while true {
            let got = pread(source, buffer, chunk, off_t(offset))
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw SharedFileError(path: path, errno: errno) }
            if got == 0 { return }
            var written = 0
            while written < got {
                let count = pwrite(target, buffer + written, got - written, off_t(offset + written))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    throw SharedFileError(path: path, reason: "copying it into memory failed: \(String(cString: strerror(errno)))")
                }
                written += count
            }
            offset += got
        }
    }
}

/// A file the application named to share with its workers that the supervisor could not load.
public struct SharedFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, errno code: CInt) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }

    public var description: String {
        "cannot load \(path) to share with the workers: \(reason) (check the file exists and the server's user may read it)"
    }
}
