import Crypto
import FoundationEssentials

/// SHA-256 digests as hex, for the dataset fingerprint and the model version (swift-crypto's
/// BoringSSL, which uses the CPU's SHA extensions where it has them).
public enum DigestHex {
    /// The SHA-256 of `bytes` as 64 lowercase hex digits.
    public static func sha256<Bytes: DataProtocol>(of bytes: Bytes) -> String {
        hex(Crypto.SHA256.hash(data: bytes))
    }

    /// The SHA-256 of the bytes in `buffer` as 64 lowercase hex digits.
    public static func sha256(of buffer: UnsafeRawBufferPointer) -> String {
        hex(Crypto.SHA256.hash(data: buffer))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
