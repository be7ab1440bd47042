extension Setting {
    /// Checks one layer's input against this setting's kind and range.
    package func value(from input: RawInput, source: SettingSource) throws(ConfigError) -> SettingValue {
        let wrongType = ConfigError.wrongType(source: source, key: key, value: input.shown, expected: expectation)
        switch input {
        case .null:
            guard isOptional else { throw wrongType }
            return .unset
        case .nested:
            throw wrongType
        case .list(let items):
            guard !items.isEmpty else { throw wrongType }
            switch kind {
            case .addresses: return try addresses(items, source: source)
            case .networks: return try networks(items, source: source)
            default: throw wrongType
            }
        case .scalar(let text):
            if text.isEmpty || (isOptional && text == "null") {
                guard isOptional else { throw wrongType }
                return .unset
            }
            return try value(fromText: text, source: source, wrongType: wrongType)
        }
    }

    /// What the key accepts, including that it may be unset.
    var expectation: String {
        kind.expectation + (isOptional ? ", or null to unset" : "")
    }

    private func value(fromText text: String, source: SettingSource, wrongType: ConfigError) throws(ConfigError) -> SettingValue {
        func inRange(_ number: Int, _ range: ClosedRange<Int>) throws(ConfigError) -> Int {
            guard range.contains(number) else {
                throw .outOfRange(source: source, key: key, value: text, expected: expectation)
            }
            return number
        }
        switch kind {
        case .integer(let range):
            guard let number = Int(text) else { throw wrongType }
            return .integer(try inRange(number, range))
        case .integerOrAuto(let range):
            if text.lowercased() == "auto" { return .auto }
            guard let number = Int(text) else { throw wrongType }
            return .integer(try inRange(number, range))
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "on", "1": return .boolean(true)
            case "false", "no", "off", "0": return .boolean(false)
            default: throw wrongType
            }
        case .text, .path, .pathOrAuto:
            return .text(text)
        case .url:
            let lowered = text.lowercased()
            guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || text.hasPrefix("/") else { throw wrongType }
            return .text(text)
        case .duration(let range):
            guard let seconds = Self.seconds(text) else { throw wrongType }
            return .integer(try inRange(seconds, range))
        case .choice(let words):
            guard let word = words.first(where: { $0 == text.lowercased() }) else { throw wrongType }
            return .text(word)
        case .address:
            return .addresses([try address(text, source: source)])
        case .addresses:
            let items = text.split(separator: ",").map { String($0).trimmingSpaces }
            return try addresses(items, source: source)
        case .networks:
            let items = text.split(separator: ",").map(String.init)
            guard !items.isEmpty else { throw wrongType }
            return try networks(items, source: source)
        case .octal(let range):
            guard let mode = Self.octal(text) else { throw wrongType }
            return .octal(try inRange(mode, range))
        }
    }

    /// Every address of a list, reporting each bad one rather than only the first.
    private func addresses(_ items: [String], source: SettingSource) throws(ConfigError) -> SettingValue {
        var parsed: [BindAddress] = []
        var errors: [ConfigError] = []
        for item in items {
            do { parsed.append(try address(item, source: source)) } catch { errors.append(error) }
        }
        guard errors.isEmpty else { throw .combining(errors) }
        return .addresses(parsed)
    }

    /// A list of networks as its normalized text, reporting every malformed item at once.
    private func networks(_ items: [String], source: SettingSource) throws(ConfigError) -> SettingValue {
        let invalid = IPAllowList.invalidItems(items)
        guard invalid.isEmpty, let list = IPAllowList.parsing(items: items) else {
            throw .combining(invalid.map { .wrongType(source: source, key: key, value: $0, expected: expectation) })
        }
        return .text(list.description)
    }

    private func address(_ text: String, source: SettingSource) throws(ConfigError) -> BindAddress {
        do {
            return try BindAddress.parse(text)
        } catch {
            switch error {
            case .malformed(let reason):
                throw .wrongType(source: source, key: key, value: text, expected: "\(kind.expectation) (\(reason))")
            case .portOutOfRange(let reason):
                throw .outOfRange(source: source, key: key, value: text, expected: "\(kind.expectation) (\(reason))")
            }
        }
    }

    /// `30`, `30s`, `5m`, `1h` as seconds.
    private static func seconds(_ text: String) -> Int? {
        let units = ["s": 1, "m": 60, "h": 3600]
        if let unit = text.last.map(String.init), let scale = units[unit], let number = Int(text.dropLast()) {
            return number.multipliedReportingOverflow(by: scale).overflow ? nil : number * scale
        }
        return Int(text)
    }

    /// `0022`, `0o022`, `022` or `22` as a number read in base 8.
    private static func octal(_ text: String) -> Int? {
        let digits = text.lowercased().hasPrefix("0o") ? String(text.dropFirst(2)) : text
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."7").contains($0) }) else { return nil }
        return Int(digits, radix: 8)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
