extension ConfigFile {
    /// The largest config file read: the shipped one, every key documented, is under 20 KiB.
    static let maximumBytes = 1 << 20
    /// The most YAML aliases (`*name`) a config file may hold. A config needs none; each alias may
    /// copy a node that holds aliases itself, so n of them can stand for about 3^(n/3) nodes, and
    /// Yams compares a mapping's keys whole: a 13-line file of nested aliases ("billion laughs")
    /// would take it minutes. 16 keep that under a few hundred nodes.
    static let maximumAliases = 16

    /// The line and column (1-based) of the first alias beyond `maximumAliases` in `text`, nil when
    /// there are not that many.
    ///
    /// A scan of the text, before Yams composes it: a `*` that starts a token (at the start of a
    /// line, or after a space, tab, `[`, `{` or `,`) outside quotes and comments. A `*` that starts a
    /// word in a plain or block scalar counts too, so the count can only be too high, never too low.
    static func aliasBeyondLimit(in text: String) -> (line: Int, column: Int)? {
        var aliases = 0
        var line = 1
        var column = 0
        var quote: UInt8?
        var escaped = false
        var inComment = false
        var previous = UInt8(ascii: "\n")
        for byte in text.utf8 {
            column += 1
            defer {
                previous = byte
                if byte == UInt8(ascii: "\n") { line += 1; column = 0 }
            }
            if byte == UInt8(ascii: "\n") { inComment = false }
            if inComment { continue }
            if let open = quote {
                if escaped { escaped = false } else if open == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == open {
                    quote = nil
                }
                continue
            }
            let startsToken = Self.tokenBoundaries.contains(previous)
            switch byte {
            case UInt8(ascii: "#") where startsToken:
                inComment = true
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if startsToken { quote = byte }
            case UInt8(ascii: "*") where startsToken:
                aliases += 1
                if aliases > maximumAliases { return (line, column) }
            default:
                break
            }
        }
        return nil
    }

    private static let tokenBoundaries: Set<UInt8> = [
        UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "["),
        UInt8(ascii: "{"), UInt8(ascii: ","),
    ]
}
