/// One layer's unvalidated value for a key, before the setting's kind checks it.
package enum RawInput: Sendable, Equatable {
    /// A single word or string (a YAML scalar, an environment value, a flag argument).
    case scalar(String)
    /// A YAML sequence of scalars, or a repeated flag.
    case list([String])
    /// YAML `null`/`~`/nothing.
    case null
    /// A YAML mapping or nested sequence, which no setting accepts.
    case nested

    /// The value as the user wrote it, for error messages.
    var shown: String {
        switch self {
        case .scalar(let text): text
        case .list(let items): "[" + items.joined(separator: ", ") + "]"
        case .null: "null"
        case .nested: "a nested mapping or list"
        }
    }
}
