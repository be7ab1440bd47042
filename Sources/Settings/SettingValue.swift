/// A validated value of one setting, as carried from the loader to the supervisor and workers.
public enum SettingValue: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    case integer(Int)
    case boolean(Bool)
    case text(String)
    case addresses([BindAddress])
    /// A file mode; kept apart from `integer` so it prints in octal.
    case octal(Int)
    /// `auto` for an `integerOrAuto` setting.
    case auto
    /// No value: an optional setting that is switched off.
    case unset

    /// The value as a config file would spell it.
    public var description: String {
        switch self {
        case .integer(let number): String(number)
        case .boolean(let flag): String(flag)
        case .text(let text): text
        case .addresses(let addresses): addresses.map(\.description).joined(separator: ",")
        case .octal(let mode): "0" + String(mode, radix: 8).leftPadded(to: 3)
        case .auto: "auto"
        case .unset: "null"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
