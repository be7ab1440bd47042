import Glibc

extension String {
    /// `format` filled in by the C library's printf rules (`%.4f`, `%02d`), without Foundation.
    public init(printf format: String, _ arguments: any CVarArg...) {
        let text = withVaList(arguments) { list in
            var buffer = [CChar](repeating: 0, count: 128)
            // The text fits in 128 bytes, or vsnprintf says how many it needs.
            let needed = Int(vsnprintf(&buffer, buffer.count, format, list))
            guard needed >= buffer.count else { return String(cString: buffer) }
            buffer = [CChar](repeating: 0, count: needed + 1)
            return withVaList(arguments) { again in
                _ = vsnprintf(&buffer, buffer.count, format, again)
                return String(cString: buffer)
            }
        }
        self = text
    }

    /// The text cut or padded with spaces to `length` characters, for columns of a table.
    public func padded(to length: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: " ", count: length - count)
    }
}
