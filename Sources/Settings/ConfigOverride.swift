/// A value set on the command line, the top layer of the configuration.
public struct ConfigOverride: Sendable, Equatable {
    /// The setting key (`workers`).
    public var key: String
    /// The values as typed; a repeatable flag such as `--bind` gives several.
    public var values: [String]
    /// The flag as the user typed it, named as the value's source (`--workers`, `--set workers`).
    public var flag: String

    public init(key: String, values: [String], flag: String) {
        self.key = key
        self.values = values
        self.flag = flag
    }

    /// Reads a `--set KEY=VALUE` argument; the value may be empty to unset an optional key.
    public init(assignment: String) throws(ConfigError) {
        guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
            throw .malformedAssignment(assignment)
        }
        let key = String(assignment[..<equals])
        self.init(key: key, values: [String(assignment[assignment.index(after: equals)...])], flag: "--set \(key)")
    }

    package var input: RawInput {
        values.count == 1 ? .scalar(values[0]) : .list(values)
    }
}
