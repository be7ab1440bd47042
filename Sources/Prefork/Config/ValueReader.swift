/// Reads typed values out of validated entries, reporting a value of the wrong shape as an error.
struct ValueReader {
    let entries: [String: ConfigEntry]

    /// Stores the converted value of `key` into `target`; leaves it alone when the key is absent.
    func read<Value>(
        _ key: String, into target: inout Value, as convert: (SettingValue) -> Value?
    ) throws(ConfigError) {
        guard let entry = entries[key] else { return }
        guard let value = convert(entry.value) else {
            throw .wrongType(
                source: entry.source, key: key, value: entry.value.description,
                expected: "a value of the kind the \(key) setting declares")
        }
        target = value
    }
}
