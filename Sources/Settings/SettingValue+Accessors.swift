extension SettingValue {
    /// The number of an `integer` value.
    public var integer: Int? { if case .integer(let number) = self { number } else { nil } }
    /// The flag of a `boolean` value.
    public var boolean: Bool? { if case .boolean(let flag) = self { flag } else { nil } }
    /// The string of a `text` value.
    public var text: String? { if case .text(let text) = self { text } else { nil } }
    /// `.some(nil)` for `unset`, `.some(text)` for `text`, nil for any other value.
    public var optionalText: String?? {
        switch self {
        case .unset: .some(nil)
        case .text(let text): .some(text)
        default: nil
        }
    }
}
