/// The `PREFORK_SHARED_FILES` value: `fd=path` pairs separated by commas, each path with `%`, `,`,
/// `=` and control bytes written as `%XX`, so any path survives the trip.
enum SharedFileList {
    static func encode(_ files: [(path: String, fd: CInt)]) -> String {
        files.map { "\($0.fd)=\(escape($0.path))" }.joined(separator: ",")
    }

    /// The pairs in `text`, or nil if it is not such a list.
    static func decode(_ text: String) -> [(path: String, fd: CInt)]? {
        var files: [(path: String, fd: CInt)] = []
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let fd = CInt(parts[0]), fd >= 0, let path = unescape(parts[1]) else { return nil }
            files.append((path, fd))
        }
        return files
    }

    private static func escape(_ path: String) -> String {
        var bytes: [UInt8] = []
        for byte in path.utf8 {
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "%") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "=") {
                bytes += Array("%\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true))".utf8)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func unescape(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
