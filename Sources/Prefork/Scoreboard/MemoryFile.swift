import Glibc

/// Anonymous memory-backed files (`memfd_create`), which Glibc's Swift module does not export.
enum MemoryFile {
    private typealias CreateFunction = @convention(c) (UnsafePointer<CChar>, CUnsignedInt) -> CInt
    private static let closeOnExec: CUnsignedInt = 1

    /// Creates a close-on-exec memfd; returns -1 with `errno` set on failure.
    static func create(name: String) -> CInt {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memfd_create") else {
            errno = ENOSYS
            return -1
        }
        let create = unsafeBitCast(symbol, to: CreateFunction.self)
        return create(name, closeOnExec)
    }
}
