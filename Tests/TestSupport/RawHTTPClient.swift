import Glibc

/// A blocking loopback TCP client that sends exact bytes and parses HTTP/1.1 responses.
public final class RawHTTPClient {
    public struct Reply {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    private let fd: CInt
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds. `receiveBuffer` sets the
    /// socket's receive buffer before it connects, as a client on a slow link has it small.
    public convenience init(port: Int, timeout: Int = 10, receiveBuffer: Int? = nil) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        try self.init(family: AF_INET, address: address, timeout: timeout, peer: "port \(port)", receiveBuffer: receiveBuffer)
    }

    /// Connects to the Unix socket at `path`.
    public convenience init(unixPath path: String, timeout: Int = 10) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            bytes.copyBytes(from: path.utf8.prefix(bytes.count - 1))
        }
        try self.init(family: AF_UNIX, address: address, timeout: timeout, peer: path)
    }

    private init<Address>(family: CInt, address: Address, timeout: Int, peer: String, receiveBuffer: Int? = nil) throws {
        fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        if let receiveBuffer {
            var size = CInt(receiveBuffer)
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<CInt>.size))
        }
        let connected = withUnsafePointer(to: address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<Address>.size))
            }
        }
        guard connected == 0 else {
            let error = errno
            close(fd)
            throw Failure(description: "connect to \(peer) failed: errno \(error)")
        }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    public func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += written
        }
    }

    /// Reads one response to a request that was not `HEAD`.
    public func readReply(head: Bool = false) throws -> Reply {
        let headEnd = try readUntil([13, 10, 13, 10])
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = headText.split(separator: "\r\n").map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line in \(headText)")
        }
        let headers = lines.map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters())
        }
        var reply = Reply(status: status, headers: headers, body: [])
        if status >= 200, !head, let length = reply.header("content-length").flatMap(Int.init) {
            while buffer.count < length { try fill() }
            reply.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        }
        return reply
    }

    /// Reads exactly `count` bytes, waiting up to the read timeout for each part of them; for
    /// protocols other than HTTP/1.1 spoken on the same connection (HTTP/2 frames).
    public func read(count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        defer { buffer.removeFirst(count) }
        return Array(buffer[..<count])
    }

    /// Reads and drops what arrives until the server closes the connection (end of file or a reset) or
    /// the read timeout passes; returns the bytes read, the ones already buffered included, and whether
    /// it ended with a close.
    public func drain() -> (bytes: Int, closed: Bool) {
        var total = buffer.count
        buffer.removeAll()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count > 0 {
                total += count
                continue
            }
            return (total, count == 0 || errno == ECONNRESET)
        }
    }

    /// Reads at most `limit` bytes of what has arrived (waiting for the first one up to the read
    /// timeout) and drops them; returns how many, 0 when the connection ended.
    public func discard(upTo limit: Int) -> Int {
        if !buffer.isEmpty {
            let count = min(limit, buffer.count)
            buffer.removeFirst(count)
            return count
        }
        var chunk = [UInt8](repeating: 0, count: limit)
        return max(0, recv(fd, &chunk, limit, 0))
    }

    /// Whether the server closed the connection (end of file or a reset) before the timeout, sending nothing more.
    public func isClosedByServer() -> Bool {
        guard buffer.isEmpty else { return false }
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, 0)
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }

    /// Whether the server sent something (or closed) within `milliseconds`, without reading it.
    public func hasInput(within milliseconds: Int32) -> Bool {
        guard buffer.isEmpty else { return true }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= marker.count {
                for index in searchFrom...(buffer.count - marker.count) where buffer[index..<(index + marker.count)].elementsEqual(marker) {
                    return index
                }
                searchFrom = buffer.count - marker.count + 1
            }
            try fill()
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { throw Failure(description: count == 0 ? "connection closed by server" : "recv failed: errno \(errno)") }
        buffer.append(contentsOf: chunk[..<count])
    }
}

extension StringProtocol {
    public func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
