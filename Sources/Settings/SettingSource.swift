/// Where an effective value came from, so `check-config` can tell operators which layer won.
public enum SettingSource: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The built-in default of the setting table.
    case builtIn
    /// A config file, at the line of the key.
    case file(path: String, line: Int)
    /// An environment variable, by name.
    case environment(String)
    /// A command-line flag, as typed (`--workers`, `--set workers`).
    case flag(String)

    public var description: String {
        switch self {
        case .builtIn: "default"
        case .file(let path, let line): "file \(path) line \(line)"
        case .environment(let name): "env \(name)"
        case .flag(let flag): "flag \(flag)"
        }
    }
}
