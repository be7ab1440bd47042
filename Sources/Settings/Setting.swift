/// One key a config file, environment variable or flag may set: its kind, default and meaning.
///
/// The loader is driven by tables of these, one for the server (`ServerConfig.settings`)
/// and one the application passes in, so `Prefork` can validate keys it knows nothing of.
public struct Setting: Sendable {
    /// The YAML key, in snake_case (`max_requests`).
    public let key: String
    /// What values the key accepts.
    public let kind: SettingKind
    /// The value when no layer sets the key.
    public let defaultValue: SettingValue
    /// Whether `null` (YAML) or an empty string (environment, flags) may unset the key.
    public let isOptional: Bool
    /// One line saying what the key does, shown by `check-config` and in the default file.
    public let summary: String

    public init(
        _ key: String, _ kind: SettingKind, default defaultValue: SettingValue,
        optional isOptional: Bool = false, _ summary: String
    ) {
        self.key = key
        self.kind = kind
        self.defaultValue = defaultValue
        self.isOptional = isOptional
        self.summary = summary
    }

    /// The environment variable that sets this key: `TAGIFAI_MAX_REQUESTS` for prefix `TAGIFAI_`.
    public func environmentName(prefix: String) -> String {
        prefix + key.uppercased()
    }
}
