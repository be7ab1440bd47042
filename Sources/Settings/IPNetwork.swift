#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as a number, IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) folded to IPv4
/// so a dual-stack socket's peers match the IPv4 networks that name them.
public struct IPAddressValue: Sendable, Hashable {
    /// False for IPv4, whose 32 bits are the low bits of `low`.
    public let isV6: Bool
    public let high: UInt64
    public let low: UInt64

    /// An IPv4 address from its 32 bits in host order.
    public init(v4 bits: UInt32) {
        self.init(isV6: false, high: 0, low: UInt64(bits))
    }

    private init(isV6: Bool, high: UInt64, low: UInt64) {
        self.isV6 = isV6
        self.high = high
        self.low = low
    }

    /// An IPv6 address from its 16 bytes in network order.
    public init(v6 bytes: some Collection<UInt8>) {
        precondition(bytes.count == 16)
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        if high == 0, low >> 32 == 0xFFFF {
            self.init(v4: UInt32(truncatingIfNeeded: low))
        } else {
            self.init(isV6: true, high: high, low: low)
        }
    }

    /// Parses a literal IPv4 (`192.0.2.1`) or IPv6 (`2001:db8::1`) address; nil for anything else.
    public init?(parsing text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.init(v4: UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        self.init(v6: bytes)
    }
}

/// An IPv4 or IPv6 network (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a network of one.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddressValue
    public let prefixLength: Int
    /// How the network was written, for the effective config.
    public let description: String

    /// Parses `ADDRESS` or `ADDRESS/PREFIX`; nil when either part is malformed or the prefix is too long.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddressValue(parsing: String(parts[0])) else { return nil }
        let width = address.isV6 ? 128 : 32
        var prefixLength = width
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCII), let length = Int(parts[1]), (0...width).contains(length) else { return nil }
            prefixLength = length
        }
        self.address = address
        self.prefixLength = prefixLength
        self.description = text
    }

    /// Whether `candidate` lies in this network.
    public func contains(_ candidate: IPAddressValue) -> Bool {
        guard candidate.isV6 == address.isV6 else { return false }
        if !address.isV6 {
            return Self.masked(candidate.low, keeping: prefixLength, of: 32)
                == Self.masked(address.low, keeping: prefixLength, of: 32)
        }
        let highBits = min(prefixLength, 64)
        let lowBits = max(prefixLength - 64, 0)
        return Self.masked(candidate.high, keeping: highBits, of: 64) == Self.masked(address.high, keeping: highBits, of: 64)
            && Self.masked(candidate.low, keeping: lowBits, of: 64) == Self.masked(address.low, keeping: lowBits, of: 64)
    }

    /// The top `bits` of a `width`-bit number held in the low bits of `value`.
    private static func masked(_ value: UInt64, keeping bits: Int, of width: Int) -> UInt64 {
        bits == 0 ? 0 : value >> UInt64(width - bits)
    }
}
