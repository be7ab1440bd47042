/// A struct of typed settings whose keys one table of `SettingRow`s declares, such as a supervisor's
/// or an HTTP server's.
public protocol TypedSettings: Sendable {
    /// The settings with every key at its default.
    init()
    /// The keys, in the order they are listed.
    static var table: [SettingRow<Self>] { get }
}

extension TypedSettings {
    /// The keys the config loader accepts for this type, in table order.
    public static var settings: [Setting] { table.map(\.setting) }

    /// The settings with the validated values of `values` (keyed by setting key) set.
    ///
    /// Keys not in `values` keep their defaults, keys of other tables are ignored; a value of the
    /// wrong shape is reported, not trapped, so a corrupt hand-over from a supervisor fails cleanly
    /// in the worker.
    public init(assigning values: [String: ConfigEntry]) throws(ConfigError) {
        self.init()
        for row in Self.table {
            guard let entry = values[row.setting.key] else { continue }
            guard row.assign(&self, entry.value) else {
                throw .wrongType(
                    source: entry.source, key: entry.key, value: entry.value.description,
                    expected: row.setting.kind.expectation)
            }
        }
    }
}
