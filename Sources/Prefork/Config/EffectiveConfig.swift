import FoundationEssentials
import Settings

/// The configuration a server runs with: every key's value and where it came from.
///
/// The supervisor computes it once and hands it to each worker as JSON (`encode()`/`decode(_:)`),
/// so workers run with exactly the supervisor's settings even if the file changed since.
public struct EffectiveConfig: Sendable, Equatable {
    /// The config file that was read, or nil when only defaults, environment and flags applied.
    public let file: String?
    /// The typed server settings.
    public let server: ServerConfig
    /// The server keys with their values and sources, in `ServerConfig.settings` order.
    public let serverEntries: [ConfigEntry]
    /// The application's settings.
    public let application: ApplicationConfig

    /// Builds the config from validated entries; fails if a server entry has the wrong shape.
    public init(file: String?, serverEntries: [ConfigEntry], application: ApplicationConfig) throws(ConfigError) {
        self.file = file
        self.serverEntries = serverEntries
        self.application = application
        self.server = try ServerConfig(values: Dictionary(serverEntries.map { ($0.key, $0) }) { _, last in last })
    }

    /// Every entry, server keys first.
    public var entries: [ConfigEntry] { serverEntries + application.entries }

    /// The entry of `key`, server or application.
    public func entry(_ key: String) -> ConfigEntry? {
        entries.first { $0.key == key }
    }

    /// The JSON form the supervisor hands to workers.
    public func encode() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads the JSON written by `encode()`.
    public static func decode(_ json: String) throws -> EffectiveConfig {
        try JSONDecoder().decode(EffectiveConfig.self, from: Data(json.utf8))
    }
}

extension EffectiveConfig: Codable {
    private enum CodingKeys: String, CodingKey {
        case file, server, application
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            file: container.decodeIfPresent(String.self, forKey: .file),
            serverEntries: container.decode([ConfigEntry].self, forKey: .server),
            application: ApplicationConfig(entries: container.decode([ConfigEntry].self, forKey: .application)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(file, forKey: .file)
        try container.encode(serverEntries, forKey: .server)
        try container.encode(application.entries, forKey: .application)
    }
}
