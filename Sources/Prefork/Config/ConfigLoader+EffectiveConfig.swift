import Settings

extension ConfigLoader {
    /// A loader of the supervisor's keys (`ServerConfig.settings`) and the application's.
    public init(applicationSettings: [Setting], environmentPrefix: String, defaultFile: String) {
        self.init(
            applicationSettings: applicationSettings, environmentPrefix: environmentPrefix, defaultFile: defaultFile,
            serverSettings: ServerConfig.settings)
    }

    /// Loads the layers and validates every value into the config a supervisor runs with; throws all
    /// errors found, as `.multiple` if several.
    public func load(
        configFile: String?, overrides: [ConfigOverride], environment: [String: String]
    ) throws(ConfigError) -> EffectiveConfig {
        let loaded = try loadEntries(configFile: configFile, overrides: overrides, environment: environment)
        return try EffectiveConfig(
            file: loaded.file, serverEntries: loaded.serverEntries,
            application: ApplicationConfig(entries: loaded.applicationEntries))
    }
}
