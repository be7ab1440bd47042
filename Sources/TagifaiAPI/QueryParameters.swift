import HTTPWorker

/// The `name=value` pairs of a URL query, decoded as a form (`+` is a space, `%XX` a byte).
struct QueryParameters {
    private var pairs: [(name: String, value: String)] = []

    init(_ query: Substring?) {
        guard let query else { return }
        for field in query.split(separator: "&") {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            pairs.append((Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : ""))
        }
    }

    /// The last value given for `name`, as Starlette's `QueryParams` answers a single lookup.
    subscript(name: String) -> String? {
        pairs.last { $0.name == name }?.value
    }

    private static func decode(_ text: Substring) -> String {
        PercentDecoding.decode(text, plusIsSpace: true)
    }
}
