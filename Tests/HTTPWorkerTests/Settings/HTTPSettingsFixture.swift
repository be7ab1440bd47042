import Foundation
import HTTPWorker
import Settings
import TestSupport

/// A loader of the HTTP server's keys alone (`APP_` variables), and temporary config files that are
/// removed afterwards.
struct HTTPSettingsFixture: ~Copyable {
    private let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("http-settings")
    }

    var loader: ConfigLoader {
        ConfigLoader(
            applicationSettings: [], environmentPrefix: "APP_",
            defaultFile: folder.appendingPathComponent("default.yaml").path, serverSettings: HTTPSettings.settings)
    }

    /// Writes `yaml` to `name` in the fixture folder and returns its path.
    @discardableResult
    func write(_ yaml: String, to name: String = "config.yaml") throws -> String {
        try scratch.write(name, yaml)
    }

    /// The validated entries of the layers.
    func entries(
        file: String? = nil, overrides: [ConfigOverride] = [], environment: [String: String] = [:]
    ) throws(ConfigError) -> LoadedSettings {
        try loader.loadEntries(configFile: file, overrides: overrides, environment: environment)
    }

    /// The HTTP settings of the layers, checked as a server loads them.
    func load(
        file: String? = nil, overrides: [ConfigOverride] = [], environment: [String: String] = [:]
    ) throws(ConfigError) -> HTTPSettings {
        try HTTPSettings(values: entries(file: file, overrides: overrides, environment: environment).serverValues)
    }

    /// The errors a load reports, empty when it succeeds.
    func errors(
        file: String? = nil, overrides: [ConfigOverride] = [], environment: [String: String] = [:]
    ) -> [ConfigError] {
        let result = Result { () throws(ConfigError) in try load(file: file, overrides: overrides, environment: environment) }
        guard case .failure(let error) = result else { return [] }
        return error.errors
    }

    /// The settings a worker reads after the entries went through a JSON hand-over.
    static func handedOver(_ loaded: LoadedSettings) throws -> HTTPSettings {
        let json = try JSONEncoder().encode(loaded.serverEntries)
        let entries = try JSONDecoder().decode([ConfigEntry].self, from: json)
        return try HTTPSettings(values: Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) }))
    }
}
