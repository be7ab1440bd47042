/// The application's effective settings, read by key with typed accessors.
///
/// `Prefork` does not know these keys; the application declares them in its own setting table
/// and reads them back here, e.g. `config.application.string("model")`.
public struct ApplicationConfig: Sendable, Equatable, Codable {
    /// Every application key with its value and source, in the order of the application's table.
    public let entries: [ConfigEntry]

    public init(entries: [ConfigEntry]) {
        self.entries = entries
    }

    /// The value of a declared key; asking for an undeclared key is a programming error.
    public func value(_ key: String) -> SettingValue {
        guard let entry = entries.first(where: { $0.key == key }) else {
            preconditionFailure("application setting \"\(key)\" is not declared in the application's setting table")
        }
        return entry.value
    }

    /// The text of a `text`, `path`, `url` or `choice` key that cannot be unset.
    public func string(_ key: String) -> String {
        typed(key, value(key).text, "text")
    }

    /// The text of an optional key, nil when unset.
    public func optionalString(_ key: String) -> String? {
        typed(key, value(key).optionalText, "text or unset")
    }

    /// The number of an `integer` or `duration` key.
    public func integer(_ key: String) -> Int {
        typed(key, value(key).integer, "integer")
    }

    /// The address of an optional `address` key, nil when unset.
    public func optionalAddress(_ key: String) -> BindAddress? {
        switch value(key) {
        case .unset: nil
        case .addresses(let list) where list.count == 1: list[0]
        default: preconditionFailure("application setting \"\(key)\" is not an address or unset")
        }
    }

    /// The list of a `networks` key.
    public func allowList(_ key: String) -> IPAllowList {
        typed(key, value(key).text.flatMap(IPAllowList.init(parsing:)), "list of networks")
    }

    /// The flag of a `boolean` key.
    public func boolean(_ key: String) -> Bool {
        typed(key, value(key).boolean, "boolean")
    }

    private func typed<Value>(_ key: String, _ value: Value?, _ kind: String) -> Value {
        guard let value else { preconditionFailure("application setting \"\(key)\" is not a \(kind)") }
        return value
    }
}
