/// One row of the server's settings table: the key the loader validates and the `ServerConfig`
/// property its value sets.
///
/// The default is read from `ServerConfig()` through the property, so each default is written
/// once, in `ServerConfig`, and the loader, `check-config` and the hand-over to workers derive from
/// the row.
struct ServerSetting: Sendable {
    /// The key, its kind, its default and its summary line, as the loader sees them.
    let setting: Setting
    /// Stores a validated value into its property; false when the value has the wrong shape.
    let assign: @Sendable (inout ServerConfig, SettingValue) -> Bool

    init<Value>(
        _ key: String, _ kind: SettingKind, _ property: WritableKeyPath<ServerConfig, Value> & Sendable,
        _ codec: SettingCodec<Value>, optional isOptional: Bool = false, _ summary: String
    ) {
        setting = Setting(key, kind, default: codec.encode(ServerConfig()[keyPath: property]), optional: isOptional, summary)
        assign = { config, value in
            guard let typed = codec.decode(value) else { return false }
            config[keyPath: property] = typed
            return true
        }
    }
}

extension ServerConfig {
    /// The server keys the config loader accepts, in the order `check-config` lists them.
    public static let settings: [Setting] = table.map(\.setting)

    /// Builds the typed server config from validated values keyed by setting key.
    ///
    /// Keys not in `values` keep their defaults; a value of the wrong shape is reported, not trapped,
    /// so a corrupt hand-over from the supervisor fails cleanly in the worker.
    init(values: [String: ConfigEntry]) throws(ConfigError) {
        self.init()
        for row in Self.table {
            guard let entry = values[row.setting.key] else { continue }
            guard row.assign(&self, entry.value) else {
                throw .wrongType(
                    source: entry.source, key: entry.key, value: entry.value.description,
                    expected: row.setting.kind.expectation)
            }
        }
        try checkTLSKeys(values)
    }
}
