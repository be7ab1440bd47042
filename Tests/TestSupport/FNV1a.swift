import Foundation

/// FNV-1a (64 bits) of `bytes`: a short name for a file's contents that a test server's worker
/// reports and a test computes over the file it wrote.
public func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
}

/// FNV-1a (64 bits) of `data`, as lowercase hex.
public func fnv1aHex(_ data: Data) -> String {
    String(data.withUnsafeBytes(fnv1a), radix: 16)
}
