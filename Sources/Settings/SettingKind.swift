/// The kinds of value a setting accepts, each with the range it allows.
public enum SettingKind: Sendable {
    /// A whole number within the range.
    case integer(ClosedRange<Int>)
    /// A whole number within the range, or `auto` (resolved later, e.g. to the core count).
    case integerOrAuto(ClosedRange<Int>)
    /// `true`/`false` (also `yes`/`no`, `on`/`off`, `1`/`0`).
    case boolean
    /// Any non-empty text.
    case text
    /// A non-empty file system path; `-` stands for the standard stream where the key says so.
    case path
    /// A non-empty file system path, or `auto` for one the program chooses (resolved later).
    case pathOrAuto
    /// An absolute `http://` or `https://` URL, or a path on this server starting with `/`.
    case url
    /// Seconds within the range, written `30`, `30s`, `5m` or `1h`.
    case duration(ClosedRange<Int>)
    /// One of a fixed set of words.
    case choice([String])
    /// One listening address (`HOST:PORT`, `[V6]:PORT`, `unix:PATH`).
    case address
    /// A non-empty list of listening addresses.
    case addresses
    /// A file mode written in octal (`0022`, `0o022`, `022`) within the range.
    case octal(ClosedRange<Int>)
    /// A non-empty list of IP addresses and CIDR networks, or `*`.
    case networks

    /// What the kind accepts, in words, for error messages and the default file.
    public var expectation: String {
        switch self {
        case .integer(let range): "an integer in \(range.lowerBound)...\(range.upperBound)"
        case .integerOrAuto(let range): "an integer in \(range.lowerBound)...\(range.upperBound) or auto"
        case .boolean: "true or false"
        case .text: "a non-empty string"
        case .path: "a non-empty path"
        case .pathOrAuto: "a non-empty path or auto"
        case .url: "an http(s):// URL or a path starting with /"
        case .duration(let range): "seconds in \(range.lowerBound)...\(range.upperBound) (30, 30s, 5m, 1h)"
        case .choice(let words): "one of " + words.joined(separator: ", ")
        case .address: "an address HOST:PORT, [V6]:PORT or unix:PATH"
        case .addresses: "a list of addresses HOST:PORT, [V6]:PORT or unix:PATH"
        case .networks: "a list of IP addresses or CIDR networks (127.0.0.1, 10.0.0.0/8, fd00::/8), or *"
        case .octal(let range):
            "an octal mode in \(SettingValue.octal(range.lowerBound))...\(SettingValue.octal(range.upperBound))"
        }
    }

    /// Whether values of this kind are file system paths, resolved to absolute ones at load.
    package var isPath: Bool {
        switch self {
        case .path, .pathOrAuto: true
        default: false
        }
    }

    /// The words that stand for themselves rather than a relative path: `auto` of `pathOrAuto`.
    package var pathKeywords: Set<String> {
        if case .pathOrAuto = self { return ["auto"] }
        return []
    }
}
