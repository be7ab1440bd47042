/// How one typed settings property is read from, and written as, a validated `SettingValue`.
public struct SettingCodec<Value>: Sendable {
    /// The typed value, or nil when the setting value has another shape.
    public let decode: @Sendable (SettingValue) -> Value?
    /// The setting value a config file would give for `Value`.
    public let encode: @Sendable (Value) -> SettingValue

    public init(decode: @escaping @Sendable (SettingValue) -> Value?, encode: @escaping @Sendable (Value) -> SettingValue) {
        self.decode = decode
        self.encode = encode
    }
}

extension SettingCodec where Value == Int {
    public static var integer: Self { Self(decode: { $0.integer }, encode: { .integer($0) }) }
    public static var octal: Self {
        Self(decode: { if case .octal(let mode) = $0 { mode } else { nil } }, encode: { .octal($0) })
    }
}

extension SettingCodec where Value == Bool {
    public static var boolean: Self { Self(decode: { $0.boolean }, encode: { .boolean($0) }) }
}

extension SettingCodec where Value == String {
    public static var text: Self { Self(decode: { $0.text }, encode: { .text($0) }) }
}

extension SettingCodec where Value == String? {
    /// Text that `null` unsets.
    public static var optionalText: Self {
        Self(decode: { $0.optionalText }, encode: { $0.map { .text($0) } ?? .unset })
    }
}

extension SettingCodec where Value == [BindAddress] {
    /// A non-empty list of addresses.
    public static var addresses: Self {
        Self(decode: { if case .addresses(let list) = $0, !list.isEmpty { list } else { nil } },
             encode: { .addresses($0) })
    }
}

extension SettingCodec where Value == BindAddress? {
    /// One address, or none when `null` unsets it.
    public static var optionalAddress: Self {
        Self(decode: {
                 switch $0 {
                 case .unset: .some(nil)
                 case .addresses(let list) where list.count == 1: list[0]
                 default: nil
                 }
             },
             encode: { $0.map { .addresses([$0]) } ?? .unset })
    }
}

extension SettingCodec where Value == IPAllowList {
    /// A list of networks, carried as its normalized text.
    public static var networks: Self {
        Self(decode: { $0.text.flatMap(IPAllowList.init(parsing:)) }, encode: { .text($0.description) })
    }
}
