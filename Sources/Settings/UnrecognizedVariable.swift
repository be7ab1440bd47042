/// An environment variable with the loader's prefix that names no setting, and so has no effect.
///
/// Not an error (other tools may share the prefix), but worth a warning: `TAGIFAI_WORKER=4`
/// silently doing nothing is the kind of typo operators lose time over.
public struct UnrecognizedVariable: Sendable, Equatable, CustomStringConvertible {
    /// The variable's name (`TAGIFAI_WORKER`).
    public var name: String
    /// The variable of the nearest setting when one is close (`TAGIFAI_WORKERS`).
    public var suggestion: String?

    public var description: String {
        "environment \(name) is not a setting and is ignored"
            + (suggestion.map { " (did you mean \($0)?)" } ?? "")
    }
}

extension ConfigLoader {
    /// Variables starting with the prefix that are neither a setting nor the config file variable.
    public func unrecognizedVariables(in environment: [String: String]) -> [UnrecognizedVariable] {
        let settings = serverSettings + applicationSettings
        let known = Set(settings.map { $0.environmentName(prefix: environmentPrefix) } + [configFileVariable])
        return environment.keys.sorted()
            .filter { $0.hasPrefix(environmentPrefix) && !known.contains($0) }
            .map { name in
                let key = String(name.dropFirst(environmentPrefix.count)).lowercased()
                let nearest = KeySuggestion.nearest(to: key, among: settings.map(\.key))
                return UnrecognizedVariable(
                    name: name, suggestion: nearest.map { environmentPrefix + $0.uppercased() })
            }
    }
}
