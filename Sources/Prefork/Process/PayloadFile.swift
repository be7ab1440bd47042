import Glibc

/// A generation's opaque config payload in a memfd that workers inherit and read.
///
/// A descriptor rather than an environment variable: no 128 KiB `MAX_ARG_STRLEN` limit,
/// not readable in `/proc/PID/environ`, and not passed on to processes a worker starts.
final class PayloadFile {
    let fileDescriptor: CInt

    init(_ bytes: [UInt8]) throws(SupervisorError) {
        let fd = MemoryFile.create(name: "prefork-payload")
        guard fd >= 0 else { throw .systemCall("memfd_create", errno: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + written, $0.count - written, off_t(written)) }
            guard count > 0 else {
                let code = errno
                close(fd)
                throw .systemCall("write payload", errno: code)
            }
            written += count
        }
        fileDescriptor = fd
    }

    deinit { close(fileDescriptor) }

    /// Reads a whole payload descriptor (worker side), from offset 0 whatever the shared file offset.
    static func read(_ fd: CInt) -> [UInt8]? {
        var status = stat()
        guard fstat(fd, &status) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(done)) }
            guard count > 0 else { return nil }
            done += count
        }
        return bytes
    }
}
