import Glibc
import SystemPackage
@testable import Prefork
@testable import Settings

/// A unique path in the temporary directory for files a test creates.
func temporaryPath(_ name: String) -> String {
    "/tmp/prefork-test-\(getpid())-\(name)-\(UInt32.random(in: 0...UInt32.max))"
}

/// Opens a client connection to `address`, returning the connected descriptor.
func connectClient(to address: BindAddress) throws -> CInt {
    let target = try SocketAddress(resolving: address)
    let fd = socket(target.family, CInt(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw SocketError.systemCall("socket", address: "\(address)", errno: .current) }
    guard target.withSockaddr({ connect(fd, $0, $1) }) == 0 else {
        let reason = Errno.current
        close(fd)
        throw SocketError.systemCall("connect", address: "\(address)", errno: reason)
    }
    return fd
}
