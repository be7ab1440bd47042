import NIOCore

extension ProxyHeader {
    /// Reads a version 1 line, `PROXY TCP4|TCP6 SOURCE DESTINATION SPORT DPORT\r\n` or
    /// `PROXY UNKNOWN ...\r\n`, from bytes that begin with (a prefix of) `PROXY `; nil until its `\n`.
    static func readVersion1(_ bytes: ByteBufferView) throws(ProxyHeaderError) -> (header: ProxyHeader, length: Int)? {
        guard let newline = bytes.prefix(version1MaxLength).firstIndex(of: UInt8(ascii: "\n")) else {
            if bytes.count >= version1MaxLength { throw .tooLong(version: 1, limit: version1MaxLength) }
            return nil
        }
        let length = newline - bytes.startIndex + 1
        guard length >= 2, bytes[newline - 1] == UInt8(ascii: "\r") else { throw .malformed(version: 1, field: "line end (not CRLF)") }
        let line = String(decoding: bytes[bytes.startIndex..<(newline - 1)], as: UTF8.self)
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count >= 2 else { throw .malformed(version: 1, field: "protocol") }
        let isIPv6: Bool
        switch fields[1] {
        case "UNKNOWN": return (.unknown, length)
        case "TCP4": isIPv6 = false
        case "TCP6": isIPv6 = true
        default: throw .malformed(version: 1, field: "protocol")
        }
        guard fields.count == 6 else { throw .malformed(version: 1, field: "field count") }
        let source = try address(fields[2], port: fields[4], isIPv6: isIPv6, role: "source")
        let destination = try address(fields[3], port: fields[5], isIPv6: isIPv6, role: "destination")
        return (.proxied(source: source, destination: destination), length)
    }

    /// The address of one end of a version 1 line: an IP of the line's family and a port in 0...65535.
    private static func address(
        _ ip: Substring, port: Substring, isIPv6: Bool, role: String
    ) throws(ProxyHeaderError) -> SocketAddress {
        guard (1...5).contains(port.utf8.count), port.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let number = Int(port), number <= 65535
        else { throw .malformed(version: 1, field: "\(role) port") }
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: String(ip), port: number)
        } catch {
            throw .malformed(version: 1, field: "\(role) address")
        }
        switch address {
        case .v4 where !isIPv6, .v6 where isIPv6: return address
        default: throw .malformed(version: 1, field: "\(role) address")
        }
    }
}
