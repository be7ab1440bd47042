import FoundationEssentials
import Glibc

/// The bytes of a model file: in memory this process owns, or in a read-only mapping of a copy
/// no process can change (the sealed copy a pre-fork supervisor shares with its workers).
///
/// Never a mapping of the file on disk: a `MAP_SHARED` mapping of a file that another process
/// truncates (`cp new.bin model.bin`) raises SIGBUS on the next read of a lost page, and pages
/// rewritten in place would mix two models' weights. A private copy costs each process the file's
/// size in resident memory (1.5 MB for the committed model); a shared sealed copy costs it once for
/// all the processes mapping it. Either way the file can change under a serving worker, which
/// keeps answering from the model it loaded.
package final class ModelBytes: @unchecked Sendable {
    /// The largest model file read: 1 GiB, far above any model the recipe trains.
    package static let maximumSize = 1 << 30

    package let base: UnsafeRawPointer
    package let count: Int
    /// What keeps a borrowed mapping alive; nil when this object owns (and frees) the bytes.
    private let owner: (any AnyObject & Sendable)?

    /// The bytes as a buffer.
    package var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Copies `bytes` into an aligned buffer this object owns.
    package init(copying bytes: [UInt8]) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        base = UnsafeRawPointer(buffer)
        count = bytes.count
        owner = nil
    }

    /// Wraps `bytes`, memory that must never change (a sealed shared mapping), which lives as long
    /// as `owner` does; this object keeps `owner` and frees nothing.
    package init(borrowing bytes: UnsafeRawBufferPointer, keepingAlive owner: any AnyObject & Sendable) {
        guard let start = bytes.baseAddress, bytes.count > 0 else {
            base = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 16))
            count = 0
            self.owner = nil
            return
        }
        base = start
        count = bytes.count
        self.owner = owner
    }

    /// Reads the regular file at `url` whole; a file cut short while it is read gives fewer bytes.
    package init(reading url: URL) throws(ArtifactError) {
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
        guard info.st_mode & S_IFMT == S_IFREG else { throw .unreadable(file: url.path, reason: "it is not a regular file") }
        let size = Int(info.st_size)
        guard size <= Self.maximumSize else {
            throw .malformed(file: url.path, reason: "it is \(size) bytes, more than the \(Self.maximumSize) a model file may be")
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 16)
        var done = 0
        while done < size {
            let got = pread(descriptor, buffer + done, size - done, off_t(done))
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else {
                let reason = String(cString: strerror(errno))
                buffer.deallocate()
                throw .unreadable(file: url.path, reason: reason)
            }
            if got == 0 { break }
            done += got
        }
        base = UnsafeRawPointer(buffer)
        count = done
        owner = nil
    }

    deinit {
        if owner == nil { UnsafeMutableRawPointer(mutating: base).deallocate() }
    }
}
