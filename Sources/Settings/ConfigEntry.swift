/// One effective setting: its key, its validated value and the layer it came from.
public struct ConfigEntry: Sendable, Equatable, Codable {
    public var key: String
    public var value: SettingValue
    public var source: SettingSource

    public init(key: String, value: SettingValue, source: SettingSource) {
        self.key = key
        self.value = value
        self.source = source
    }
}
