extension Setting {
    /// The same key with another default, for a program that gives a library's key a value of its
    /// own (its name as the process title's `proc_name`, say).
    public func defaulting(to value: SettingValue) -> Setting {
        Setting(key, kind, default: value, optional: isOptional, summary)
    }
}
