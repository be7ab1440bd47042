import SystemPackage

/// Computes the effective configuration: flags over environment over file over defaults.
///
/// Generic over the server and the application: it validates whatever keys their tables declare, and
/// reports every error it finds, not only the first.
public struct ConfigLoader: Sendable {
    /// Where the config file came from when one is read.
    public struct FileLocation: Sendable, Equatable {
        public var path: String
        /// The flag or variable that named it, or nil for the optional default file.
        public var namedBy: String?
    }

    /// The server's keys (a supervisor's, the server its workers run), in the order they are listed.
    public let serverSettings: [Setting]
    /// The application's keys, listed after the server's.
    public let applicationSettings: [Setting]
    /// Prefix of the environment variables: `TAGIFAI_` reads `TAGIFAI_WORKERS` and `TAGIFAI_CONFIG`.
    public let environmentPrefix: String
    /// The file read when neither `--config` nor `<PREFIX>CONFIG` names one, if it exists.
    public let defaultFile: String

    public init(
        applicationSettings: [Setting], environmentPrefix: String, defaultFile: String, serverSettings: [Setting]
    ) {
        let keys = (serverSettings + applicationSettings).map(\.key)
        precondition(Set(keys).count == keys.count, "setting tables declare a key twice: \(keys)")
        self.serverSettings = serverSettings
        self.applicationSettings = applicationSettings
        self.environmentPrefix = environmentPrefix
        self.defaultFile = defaultFile
    }

    /// The environment variable naming the config file (`TAGIFAI_CONFIG`).
    public var configFileVariable: String { environmentPrefix + "CONFIG" }

    /// The file to read: `--config`, else `<PREFIX>CONFIG`, else the default file if it exists.
    public func locateFile(flag: String?, environment: [String: String]) -> FileLocation? {
        if let flag { return FileLocation(path: flag, namedBy: "--config") }
        if let named = environment[configFileVariable], !named.isEmpty {
            return FileLocation(path: named, namedBy: configFileVariable)
        }
        return FileSystemProbe.isRegularFile(defaultFile) ? FileLocation(path: defaultFile, namedBy: nil) : nil
    }

    /// Loads the layers and validates every value; throws all errors found, as `.multiple` if several.
    ///
    /// Relative paths come back absolute: see `ConfigEntry.resolvingPath(against:)`.
    public func loadEntries(
        configFile: String?, overrides: [ConfigOverride], environment: [String: String]
    ) throws(ConfigError) -> LoadedSettings {
        let settings = serverSettings + applicationSettings
        let byKey = Dictionary(uniqueKeysWithValues: settings.map { ($0.key, $0) })
        var chosen = Dictionary(uniqueKeysWithValues: settings.map {
            ($0.key, ConfigEntry(key: $0.key, value: $0.defaultValue, source: .builtIn))
        })
        var errors: [ConfigError] = []

        func apply(_ key: String, _ input: RawInput, from source: SettingSource) {
            guard let setting = byKey[key] else {
                errors.append(.unknownKey(
                    source: source, key: key, suggestion: KeySuggestion.nearest(to: key, among: settings.map(\.key))))
                return
            }
            do {
                chosen[key] = ConfigEntry(key: key, value: try setting.value(from: input, source: source), source: source)
            } catch {
                errors.append(error)
            }
        }

        let location = locateFile(flag: configFile, environment: environment)
        if let location {
            do {
                let file = try ConfigFile.read(path: location.path, namedBy: location.namedBy ?? "default")
                for entry in file.entries {
                    apply(entry.key, entry.input, from: .file(path: file.path, line: entry.line))
                }
            } catch {
                errors.append(error)
            }
        }
        for setting in settings {
            let name = setting.environmentName(prefix: environmentPrefix)
            if let text = environment[name] { apply(setting.key, .scalar(text), from: .environment(name)) }
        }
        for override in overrides {
            apply(override.key, override.input, from: .flag(override.flag))
        }
        guard errors.isEmpty else { throw .combining(errors) }
        if let workingDirectory = FilePath.workingDirectory {
            for setting in settings where setting.kind.isPath {
                chosen[setting.key] = chosen[setting.key]?.resolvingPath(
                    against: workingDirectory, keeping: setting.kind.pathKeywords)
            }
        }
        return LoadedSettings(
            file: location?.path,
            serverEntries: serverSettings.compactMap { chosen[$0.key] },
            applicationEntries: applicationSettings.compactMap { chosen[$0.key] })
    }
}
