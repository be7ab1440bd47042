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
        guard bindUnixSocket(fd, to: path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EINVAL) }
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
