import NIOCore
import Testing
@testable import HTTPWorker

/// The PROXY protocol parser on hand-built v1 lines and v2 blocks, whole, cut short and byte by byte.
@Suite struct ProxyHeaderTests {
    static let signature = ProxyHeader.version2Signature

    /// A v2 block: signature, version 2 with `command`, `family` byte, length, then `body`.
    static func version2(command: UInt8 = 1, family: UInt8 = 0x11, body: [UInt8]) -> [UInt8] {
        signature + [0x20 | command, family, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }

    static let ipv4Body: [UInt8] = [203, 0, 113, 7, 10, 0, 0, 1, 0x1F, 0x90, 0x00, 0x50]  // :8080 → :80
    static let ipv6Body: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [7]
        + [UInt8](repeating: 0, count: 15) + [1] + [0x01, 0xBB, 0x1F, 0x40]  // [2001:db8::7]:443 → [::1]:8000

    /// Parses `bytes` in one go: the header and the bytes left after it.
    static func parse(_ bytes: [UInt8]) throws(ProxyHeaderError) -> (ProxyHeader?, [UInt8]) {
        var buffer = ByteBuffer(bytes: bytes)
        let header = try ProxyHeader.read(from: &buffer)
        return (header, Array(buffer.readableBytesView))
    }

    /// Feeds `bytes` one at a time as a reader buffering them would: nil until the last byte of the header.
    static func parseByteByByte(_ bytes: [UInt8]) throws(ProxyHeaderError) -> (header: ProxyHeader, at: Int)? {
        var buffer = ByteBuffer()
        for (index, byte) in bytes.enumerated() {
            buffer.writeInteger(byte)
            if let header = try ProxyHeader.read(from: &buffer) { return (header, index + 1) }
        }
        return nil
    }

    static func address(_ ip: String, _ port: Int) throws -> SocketAddress {
        try SocketAddress(ipAddress: ip, port: port)
    }

    @Test func version1TCP4NamesTheClientAndLeavesTheRest() throws {
        let (header, rest) = try Self.parse(Array("PROXY TCP4 203.0.113.7 10.0.0.1 56324 8000\r\nGET / HTTP/1.1\r\n".utf8))
        #expect(header == .proxied(source: try Self.address("203.0.113.7", 56324), destination: try Self.address("10.0.0.1", 8000)))
        #expect(rest == Array("GET / HTTP/1.1\r\n".utf8))
    }

    @Test func version1TCP6() throws {
        let (header, rest) = try Self.parse(Array("PROXY TCP6 2001:db8::7 ::1 65535 0\r\n".utf8))
        #expect(header == .proxied(source: try Self.address("2001:db8::7", 65535), destination: try Self.address("::1", 0)))
        #expect(rest.isEmpty)
    }

    @Test func version1UnknownKeepsThePeer() throws {
        #expect(try Self.parse(Array("PROXY UNKNOWN\r\nX".utf8)) == (.unknown, [UInt8(ascii: "X")]))
        #expect(try Self.parse(Array("PROXY UNKNOWN ffff:f::1 ffff:f::2 1 2\r\n".utf8)).0 == .unknown)
    }

    @Test func version1LongestLineIsAcceptedAndOneMoreByteRefused() throws {
        let longest = "PROXY UNKNOWN " + String(repeating: "x", count: 107 - 16) + "\r\n"
        #expect(longest.utf8.count == 107)
        #expect(try Self.parse(Array(longest.utf8)).0 == .unknown)
        let tooLong = Array(("PROXY UNKNOWN " + String(repeating: "x", count: 107 - 14)).utf8)
        #expect(tooLong.count == 107)
        #expect(throws: ProxyHeaderError.tooLong(version: 1, limit: 107)) { try Self.parse(tooLong) }
        // Refused once 107 bytes without a line end are in, however many more would follow.
        #expect(throws: ProxyHeaderError.tooLong(version: 1, limit: 107)) {
            try Self.parseByteByByte(Array(("PROXY TCP4 " + String(repeating: "1", count: 10_000)).utf8))
        }
    }

    @Test(arguments: [
        "PROXY TCP4 203.0.113.7 10.0.0.1 65536 80\r\n",
        "PROXY TCP4 203.0.113.7 10.0.0.1 -1 80\r\n",
        "PROXY TCP4 203.0.113.7 10.0.0.1 80a 80\r\n",
        "PROXY TCP4 203.0.113.7 10.0.0.1  80\r\n",
        "PROXY TCP4 203.0.113.7 10.0.0.1 +80 80\r\n",
        "PROXY TCP4 203.0.113.7 10.0.0.1 100000 80\r\n",
        "PROXY TCP4 203.0.113.256 10.0.0.1 80 80\r\n",
        "PROXY TCP4 2001:db8::7 10.0.0.1 80 80\r\n",
        "PROXY TCP6 203.0.113.7 ::1 80 80\r\n",
        "PROXY TCP4 proxy.local 10.0.0.1 80 80\r\n",
        "PROXY TCP4 203.0.113.7 10.0.0.1 80\r\n",
        "PROXY TCP4 203.0.113.7 10.0.0.1 80 80 extra\r\n",
        "PROXY TCP4  203.0.113.7 10.0.0.1 80 80\r\n",
        "PROXY UDP4 203.0.113.7 10.0.0.1 80 80\r\n",
        "PROXY tcp4 203.0.113.7 10.0.0.1 80 80\r\n",
        "PROXY TCP4 203.0.113.7 10.0.0.1 80 80\n",
        "PROXY\r\n",
    ])
    func version1BadFieldsAreRefused(line: String) {
        #expect(throws: ProxyHeaderError.self) { try Self.parse(Array(line.utf8)) }
    }

    @Test func version2IPv4WithTLVsSkipped() throws {
        let tlvs: [UInt8] = [0x01, 0x00, 0x02, 0x68, 0x32, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00]  // ALPN "h2", NOOP
        let (header, rest) = try Self.parse(Self.version2(body: Self.ipv4Body + tlvs) + Array("GET".utf8))
        #expect(header == .proxied(source: try Self.address("203.0.113.7", 8080), destination: try Self.address("10.0.0.1", 80)))
        #expect(rest == Array("GET".utf8))
    }

    @Test func version2IPv6() throws {
        let (header, rest) = try Self.parse(Self.version2(family: 0x21, body: Self.ipv6Body))
        #expect(header == .proxied(source: try Self.address("2001:db8::7", 443), destination: try Self.address("::1", 8000)))
        #expect(rest.isEmpty)
    }

    @Test func version2LocalUnspecUnixAndDatagramKeepThePeer() throws {
        #expect(try Self.parse(Self.version2(command: 0, family: 0x00, body: []) + [0x47]) == (.unknown, [0x47]))
        // LOCAL carrying addresses (as some proxies send) still names no client; its bytes are skipped.
        #expect(try Self.parse(Self.version2(command: 0, body: Self.ipv4Body)) == (.unknown, []))
        #expect(try Self.parse(Self.version2(family: 0x00, body: [1, 2, 3])) == (.unknown, []))
        #expect(try Self.parse(Self.version2(family: 0x31, body: [UInt8](repeating: 0x2F, count: 216))) == (.unknown, []))
        #expect(try Self.parse(Self.version2(family: 0x12, body: Self.ipv4Body)) == (.unknown, []))
    }

    @Test func truncatedHeadersWaitForMoreBytes() throws {
        let whole = Self.version2(body: Self.ipv4Body)
        for length in 0..<whole.count {
            #expect(try Self.parse(Array(whole.prefix(length))) == (nil, Array(whole.prefix(length))), "\(length) bytes")
        }
        let line = Array("PROXY TCP4 203.0.113.7 10.0.0.1 56324 8000\r\n".utf8)
        for length in 0..<line.count {
            #expect(try Self.parse(Array(line.prefix(length))) == (nil, Array(line.prefix(length))), "\(length) bytes")
        }
    }

    @Test func headersSplitByteByByteEndOnTheirLastByte() throws {
        let line = Array("PROXY TCP6 2001:db8::7 ::1 4711 8000\r\n".utf8)
        let fromLine = try #require(try Self.parseByteByByte(line + Array("GET".utf8)))
        #expect(fromLine.at == line.count)
        #expect(fromLine.header == .proxied(source: try Self.address("2001:db8::7", 4711), destination: try Self.address("::1", 8000)))
        let block = Self.version2(family: 0x21, body: Self.ipv6Body + [0x04, 0x00, 0x00])
        let fromBlock = try #require(try Self.parseByteByByte(block + [0x47]))
        #expect(fromBlock.at == block.count)
        #expect(fromBlock.header == .proxied(source: try Self.address("2001:db8::7", 443), destination: try Self.address("::1", 8000)))
    }

    @Test func otherFirstBytesAreRefusedAtOnce() {
        for start in ["GET / HTTP/1.1\r\n", "POST", "PR0XY", "proxy TCP4", "\r\n\r\n\0\r\nQUIX\n", "\u{16}\u{03}\u{01}"] {
            #expect(throws: ProxyHeaderError.missing, "\(start)") { try Self.parse(Array(start.utf8)) }
        }
        var wrongSignature = Self.version2(body: Self.ipv4Body)
        wrongSignature[11] = 0x0B
        #expect(throws: ProxyHeaderError.missing) { try Self.parse(wrongSignature) }
    }

    @Test func version2BadVersionCommandFamilyOrLengthIsRefused() {
        var version1 = Self.version2(body: Self.ipv4Body)
        version1[12] = 0x11
        #expect(throws: ProxyHeaderError.malformed(version: 2, field: "version")) { try Self.parse(version1) }
        #expect(throws: ProxyHeaderError.malformed(version: 2, field: "command")) { try Self.parse(Self.version2(command: 2, body: [])) }
        #expect(throws: ProxyHeaderError.malformed(version: 2, field: "address family")) {
            try Self.parse(Self.version2(family: 0x41, body: Self.ipv4Body))
        }
        #expect(throws: ProxyHeaderError.malformed(version: 2, field: "address family")) {
            try Self.parse(Self.version2(family: 0x13, body: Self.ipv4Body))
        }
        #expect(throws: ProxyHeaderError.malformed(version: 2, field: "address length")) {
            try Self.parse(Self.version2(body: Array(Self.ipv4Body.prefix(11))))
        }
        #expect(throws: ProxyHeaderError.malformed(version: 2, field: "address length")) {
            try Self.parse(Self.version2(family: 0x21, body: Self.ipv4Body))
        }
    }

    @Test func version2OversizedIsRefusedFromItsLengthAlone() {
        let declared = Self.signature + [0x21, 0x11, 0xFF, 0xFF]  // 65,535 bytes announced, none sent
        #expect(throws: ProxyHeaderError.tooLong(version: 2, limit: 4096)) { try Self.parse(declared) }
        let longest = Self.version2(body: Self.ipv4Body + [0x04] + [0x0F, 0xD9] + [UInt8](repeating: 0, count: 4096 - 16 - 12 - 3))
        #expect(longest.count == 4096)
        #expect(throws: Never.self) { try Self.parse(longest) }
        #expect(throws: ProxyHeaderError.tooLong(version: 2, limit: 4096)) { try Self.parse(Self.version2(body: [UInt8](repeating: 0, count: 4081))) }
    }
}
