/// Every key's validated value and source after `ConfigLoader` has applied the layers.
public struct LoadedSettings: Sendable, Equatable {
    /// The config file that was read, or nil when only defaults, environment and flags applied.
    public var file: String?
    /// The server's keys, in the order of `ConfigLoader.serverSettings`.
    public var serverEntries: [ConfigEntry]
    /// The application's keys, in the order of `ConfigLoader.applicationSettings`.
    public var applicationEntries: [ConfigEntry]

    /// The server's entries by key, as `TypedSettings.init(assigning:)` reads them.
    public var serverValues: [String: ConfigEntry] {
        Dictionary(serverEntries.map { ($0.key, $0) }) { _, last in last }
    }
}
