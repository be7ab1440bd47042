import Glibc
import SystemSupport

/// Anonymous memory-backed files (`memfd_create`), which Glibc's Swift module does not export.
enum MemoryFile {
    private typealias CreateFunction = @convention(c) (UnsafePointer<CChar>, CUnsignedInt) -> CInt
    private static let closeOnExec: CUnsignedInt = 1
    private static let allowSealing: CUnsignedInt = 2
    private static let addSeals: CInt = 1033
    private static let sealSeal: CInt = 1, sealShrink: CInt = 2, sealGrow: CInt = 4, sealWrite: CInt = 8
    private static let create = LibcFunction.named("memfd_create", as: CreateFunction.self)

    /// Creates a close-on-exec memfd; returns -1 with `errno` set on failure.
    ///
    /// `sealable` files accept `sealSize(_:)`.
    static func create(name: String, sealable: Bool = false) -> CInt {
        guard let create else {
            errno = ENOSYS
            return -1
        }
        return create(name, closeOnExec | (sealable ? allowSealing : 0))
    }

    /// Fixes the size of a sealable memfd for good: no process holding it can shrink or grow it
    /// (a shrunk shared mapping raises SIGBUS in every process reading the lost pages), and no
    /// further seal can be added. Returns false with `errno` set on failure.
    static func sealSize(_ fd: CInt) -> Bool {
        fcntl(fd, addSeals, sealShrink | sealGrow | sealSeal) == 0
    }

    /// Fixes the size and the contents of a sealable memfd for good: no process holding it can
    /// write it, shrink it, grow it or map it writable, and no further seal can be added. Fails
    /// (false, `errno` set) while a writable shared mapping of it exists.
    static func sealContents(_ fd: CInt) -> Bool {
        fcntl(fd, addSeals, sealShrink | sealGrow | sealWrite | sealSeal) == 0
    }
}
