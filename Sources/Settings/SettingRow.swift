/// One row of a typed settings table: the key the loader validates and the property of `Config`
/// its value sets.
///
/// The default is read from `Config()` through the property, so each default is written once, in
/// the type's declaration, and the loader, `check-config` and the hand-over to workers derive from
/// the row.
public struct SettingRow<Config: TypedSettings>: Sendable {
    /// The key, its kind, its default and its summary line, as the loader sees them.
    public let setting: Setting
    /// Stores a validated value into its property; false when the value has the wrong shape.
    let assign: @Sendable (inout Config, SettingValue) -> Bool

    public init<Value>(
        _ key: String, _ kind: SettingKind, _ property: WritableKeyPath<Config, Value> & Sendable,
        _ codec: SettingCodec<Value>, optional isOptional: Bool = false, _ summary: String
    ) {
        setting = Setting(key, kind, default: codec.encode(Config()[keyPath: property]), optional: isOptional, summary)
        assign = { config, value in
            guard let typed = codec.decode(value) else { return false }
            config[keyPath: property] = typed
            return true
        }
    }
}
