/// Removes URLs from cleaned text, as the recipe's `http\S+` does after punctuation became spaces.
enum URLRemover {
    /// Cuts each word at its first `http` that has more characters after it, drops words left
    /// empty, and returns the new byte count of the padded buffer.
    static func removeURLs(in buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var read = 1
        var write = 1
        while read < count {
            let start = read
            while buffer[read] != 0x20 { read += 1 }
            var end = read
            if end - start > 4 {
                var index = start
                while index + 4 < end {
                    if buffer[index] == 0x68 && buffer[index + 1] == 0x74 && buffer[index + 2] == 0x74
                        && buffer[index + 3] == 0x70
                    {
                        end = index
                        break
                    }
                    index += 1
                }
            }
            if end > start {
                if write != start {
                    for offset in 0..<(end - start) { buffer[write + offset] = buffer[start + offset] }
                }
                write += end - start
                buffer[write] = 0x20
                write += 1
            }
            read += 1
        }
        return write
    }
}
