/// Why a configuration was rejected; every message names where, the key, the value and the fix.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    /// A config file named by `--config` or `TAGIFAI_CONFIG` does not exist.
    case fileNotFound(path: String, namedBy: String)
    /// A config file exists but cannot be read.
    case unreadableFile(path: String, reason: String)
    /// The file is longer than `limit` bytes, more than any config needs.
    case fileTooLarge(path: String, limit: Int)
    /// The file is not valid YAML; line and column are 1-based where the parser gives them.
    case syntax(path: String, line: Int?, column: Int?, problem: String)
    /// The file's top level is not a mapping of `key: value`.
    case notAMapping(path: String)
    /// A key appears twice in the file.
    case duplicateKey(path: String, key: String)
    /// A key no setting table declares, with the nearest known key when one is close.
    case unknownKey(source: SettingSource, key: String, suggestion: String?)
    /// A value that is not of the setting's kind.
    case wrongType(source: SettingSource, key: String, value: String, expected: String)
    /// A value of the right kind outside the setting's range.
    case outOfRange(source: SettingSource, key: String, value: String, expected: String)
    /// A value that contradicts another key's, such as `certfile` without `keyfile`.
    case conflict(source: SettingSource, key: String, problem: String)
    /// A `--set` argument without `=`.
    case malformedAssignment(String)
    /// Several of the above, in the order found, so one run reports them all.
    case multiple([ConfigError])

    /// The individual errors, flattening `multiple`.
    public var errors: [ConfigError] {
        if case .multiple(let errors) = self { return errors.flatMap(\.errors) }
        return [self]
    }

    /// One error for a non-empty list: the error itself when alone, else `multiple` of them all, flattened.
    public static func combining(_ errors: [ConfigError]) -> ConfigError {
        let flat = errors.flatMap(\.errors)
        return flat.count == 1 ? flat[0] : .multiple(flat)
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path, let namedBy):
            "config \(path): no such file (named by \(namedBy)); create it or name an existing file"
        case .unreadableFile(let path, let reason):
            "config \(path): cannot read the file (\(reason)); check its permissions"
        case .fileTooLarge(let path, let limit):
            "config \(path): larger than \(limit / 1024) KiB, more than any config needs; name the config file, not another"
        case .syntax(let path, let line, let column, let problem):
            "config \(path)\(Self.position(line: line, column: column)): invalid YAML: \(problem); fix the syntax"
        case .notAMapping(let path):
            "config \(path): expected a mapping of `key: value` lines at the top level"
        case .duplicateKey(let path, let key):
            "config \(path): key \"\(key)\" is set more than once; keep one"
        case .unknownKey(let source, let key, let suggestion):
            "\(Self.origin(source)): unknown key \"\(key)\""
                + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "; remove it or correct its name")
        case .wrongType(let source, let key, let value, let expected):
            "\(Self.origin(source, key: key)): invalid value \"\(value)\"; expected \(expected)"
        case .outOfRange(let source, let key, let value, let expected):
            "\(Self.origin(source, key: key)): value \(value) is out of range; expected \(expected)"
        case .conflict(let source, let key, let problem):
            "\(Self.origin(source, key: key)): \(problem)"
        case .malformedAssignment(let argument):
            "flag --set \"\(argument)\": expected KEY=VALUE, e.g. --set workers=4"
        case .multiple(let errors):
            errors.map(\.description).joined(separator: "\n")
        }
    }

    private static func origin(_ source: SettingSource) -> String {
        switch source {
        case .builtIn: "config default"
        case .file(let path, let line): "config \(path) line \(line)"
        case .environment(let name): "environment \(name)"
        case .flag(let flag): "flag \(flag)"
        }
    }

    /// The origin followed by the key where the origin does not already name it.
    private static func origin(_ source: SettingSource, key: String) -> String {
        switch source {
        case .builtIn, .file: "\(origin(source)): \(key)"
        case .environment, .flag: origin(source)
        }
    }

    private static func position(line: Int?, column: Int?) -> String {
        switch (line, column) {
        case (let line?, let column?): " line \(line) column \(column)"
        case (let line?, nil): " line \(line)"
        default: ""
        }
    }
}
