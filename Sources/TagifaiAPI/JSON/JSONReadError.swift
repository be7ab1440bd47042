/// Why a request body is not acceptable JSON, and where.
public struct JSONReadError: Error, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The text is not JSON; the reason is worded as Python's `json` module words it.
        case syntax(String)
        /// The bytes are not UTF-8.
        case invalidUTF8
        /// Arrays and objects nest deeper than the reader's limit.
        case tooDeep(limit: Int)
    }

    public var kind: Kind
    /// The offset of the offending byte in the body.
    public var byteOffset: Int
    /// The offset in Unicode scalars, as Python's `JSONDecodeError.pos` counts it.
    public var characterOffset: Int

    public var description: String {
        switch kind {
        case .syntax(let reason):
            return "\(reason): line 1 column \(characterOffset + 1) (char \(characterOffset))"
        case .invalidUTF8:
            return "invalid UTF-8 at byte \(byteOffset): the body must be UTF-8 encoded"
        case .tooDeep(let limit):
            return "arrays and objects nest deeper than \(limit) levels at char \(characterOffset) (limit max_json_depth)"
        }
    }
}
