import Foundation
import Glibc

/// A datagram socket bound where `NOTIFY_SOCKET` points, collecting what the server sends systemd.
public final class NotifySocket {
    public let path: String
    private let fd: CInt
    public private(set) var messages: [String] = []

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8)).sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EINVAL) }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Reads every datagram waiting and returns all received so far.
    public func received() -> [String] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            messages.append(String(decoding: buffer.prefix(count), as: UTF8.self))
        }
        return messages
    }

    /// Whether some message so far has all of `fields` (e.g. `READY=1`).
    public func hasMessage(with fields: String...) -> Bool {
        received().contains { message in
            let lines = message.split(separator: "\n").map(String.init)
            return fields.allSatisfy { field in lines.contains { $0 == field || ($0.hasPrefix(field) && field.hasSuffix("=")) } }
        }
    }
}
