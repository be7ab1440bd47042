import NIOCore

extension ProxyHeader {
    /// Reads a version 2 block from bytes that begin with (a prefix of) its signature; nil until the
    /// whole block, whose length its 16th and 15th bytes give, has arrived. TLVs are skipped.
    static func readVersion2(_ bytes: ByteBufferView) throws(ProxyHeaderError) -> (header: ProxyHeader, length: Int)? {
        guard bytes.count >= 16 else { return nil }
        let start = bytes.startIndex
        let versionAndCommand = bytes[start + 12]
        guard versionAndCommand >> 4 == 2 else { throw .malformed(version: 2, field: "version") }
        let command = versionAndCommand & 0x0F
        guard command <= 1 else { throw .malformed(version: 2, field: "command") }
        let family = bytes[start + 13] >> 4
        let transport = bytes[start + 13] & 0x0F
        guard family <= 3, transport <= 2 else { throw .malformed(version: 2, field: "address family") }
        let length = 16 + (Int(bytes[start + 14]) << 8 | Int(bytes[start + 15]))
        guard length <= version2MaxLength else { throw .tooLong(version: 2, limit: version2MaxLength) }
        guard bytes.count >= length else { return nil }
        // LOCAL: the proxy's own connection (a health check); UNSPEC, UNIX or a datagram transport:
        // no TCP client to name.
        guard command == 1, transport == 1, family == 1 || family == 2 else { return (.unknown, length) }
        let addressLength = family == 1 ? 4 : 16
        guard length - 16 >= 2 * addressLength + 4 else { throw .malformed(version: 2, field: "address length") }
        let addresses = bytes[(start + 16)...]
        func address(at offset: Int, portAt portOffset: Int) throws(ProxyHeaderError) -> SocketAddress {
            let first = addresses.startIndex + offset
            let port = Int(addresses[addresses.startIndex + portOffset]) << 8 | Int(addresses[addresses.startIndex + portOffset + 1])
            do {
                return try SocketAddress(packedIPAddress: ByteBuffer(bytes: addresses[first..<(first + addressLength)]), port: port)
            } catch {
                throw .malformed(version: 2, field: "address")
            }
        }
        let source = try address(at: 0, portAt: 2 * addressLength)
        let destination = try address(at: addressLength, portAt: 2 * addressLength + 2)
        return (.proxied(source: source, destination: destination), length)
    }
}
