import Glibc

/// Every byte `fd` yields until end of file or an error.
func readAll(from fd: CInt) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while case let count = read(fd, &chunk, chunk.count), count > 0 {
        bytes += chunk[..<count]
    }
    return bytes
}
