import Glibc

/// The device and inode of a file, to tell whether a path still names the same file.
struct FileIdentity: Sendable, Hashable {
    let device: UInt64
    let inode: UInt64
    let isSocket: Bool

    /// The identity of the file at `path` (not following a final symlink), or nil when absent.
    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        isSocket = info.st_mode & S_IFMT == S_IFSOCK
    }
}
