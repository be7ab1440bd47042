import Foundation
import TestSupport
@testable import Prefork
@testable import Settings

/// A loader with a small application table, and temporary config files that are removed afterwards.
struct ConfigFixture: ~Copyable {
    static let applicationSettings: [Setting] = [
        Setting("model", .path, default: .text("models/demo"), "Model folder."),
        Setting("max_batch_size", .integer(1...10000), default: .integer(100), "Batch limit."),
        Setting("docs_url", .url, default: .text("https://cdn.example.com/ui.js"), "Docs script."),
        Setting("admin_bind", .address, default: .unset, optional: true, "Admin address."),
    ]

    private let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("config")
    }

    /// The default file's path in this fixture's folder, which exists only once `write` creates it.
    var defaultFile: String { folder.appendingPathComponent("default.yaml").path }

    var loader: ConfigLoader {
        ConfigLoader(applicationSettings: Self.applicationSettings, environmentPrefix: "APP_", defaultFile: defaultFile)
    }

    /// Writes `yaml` to `name` in the fixture folder and returns its path.
    @discardableResult
    func write(_ yaml: String, to name: String = "config.yaml") throws -> String {
        let url = folder.appendingPathComponent(name)
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Loads with the fixture's loader.
    func load(
        file: String? = nil, overrides: [ConfigOverride] = [], environment: [String: String] = [:]
    ) throws(ConfigError) -> EffectiveConfig {
        try loader.load(configFile: file, overrides: overrides, environment: environment)
    }

    /// The errors a load reports, empty when it succeeds.
    func errors(
        file: String? = nil, overrides: [ConfigOverride] = [], environment: [String: String] = [:]
    ) -> [ConfigError] {
        do {
            _ = try load(file: file, overrides: overrides, environment: environment)
            return []
        } catch {
            return error.errors
        }
    }
}
