import Settings

extension SettingCodec where Value == LogLevel {
    /// A level's name.
    public static var level: Self { Self(decode: { $0.text.flatMap(LogLevel.init(rawValue:)) }, encode: { .text($0.rawValue) }) }
}

extension SettingCodec where Value == WorkerCount {
    /// A fixed number of workers, or `auto`.
    public static var workerCount: Self {
        Self(decode: {
                 switch $0 {
                 case .auto: .auto
                 case .integer(let count): .fixed(count)
                 default: nil
                 }
             },
             encode: {
                 switch $0 {
                 case .auto: .auto
                 case .fixed(let count): .integer(count)
                 }
             })
    }
}
