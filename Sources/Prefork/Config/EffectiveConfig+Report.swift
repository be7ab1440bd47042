import FoundationEssentials
import Settings

extension EffectiveConfig {
    /// One `key = value  (source)` line per setting, for operators checking what a server will run with.
    ///
    /// `workers: auto` shows the worker count it resolves to beside the declared value, and why.
    public func textReport(cpuBudget: CPUBudget = .current) -> String {
        let header = "# config file: " + (file ?? "none (built-in defaults, environment and flags)")
        let width = entries.map(\.key.count).max() ?? 0
        let lines = entries.map { entry in
            let padding = String(repeating: " ", count: width - entry.key.count)
            return "\(entry.key)\(padding) = \(shown(entry, cpuBudget: cpuBudget))  (\(entry.source))"
        }
        return ([header] + lines).joined(separator: "\n")
    }

    /// The same as `textReport` as a JSON object, for scripts: `{"file", "settings": [{key, value, source}]}`.
    public func jsonReport(cpuBudget: CPUBudget = .current) throws -> String {
        let settings = entries.map { entry in
            let workers = entry.key == "workers"
            return ReportedSetting(
                key: entry.key, value: entry.value, source: entry.source.description,
                resolved: workers ? server.workers.resolved(cpus: cpuBudget.cpus) : nil,
                resolvedFrom: workers ? cpuBudget.explanation : nil)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Report(file: file, settings: settings)), as: UTF8.self)
    }

    private func shown(_ entry: ConfigEntry, cpuBudget: CPUBudget) -> String {
        guard entry.key == "workers", server.workers == .auto else { return entry.value.description }
        return "auto (\(server.workers.resolved(cpus: cpuBudget.cpus)) here: \(cpuBudget.explanation))"
    }
}

/// The document `jsonReport` writes; `file` is null when no file was read.
private struct Report: Encodable {
    var file: String?
    var settings: [ReportedSetting]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(settings, forKey: .settings)
    }

    private enum CodingKeys: String, CodingKey { case file, settings }
}

/// One setting of the report, its value in JSON's own types; `resolved` only for `workers`.
private struct ReportedSetting: Encodable {
    var key: String
    var value: SettingValue
    var source: String
    var resolved: Int?
    var resolvedFrom: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(resolved, forKey: .resolved)
        try container.encodeIfPresent(resolvedFrom, forKey: .resolvedFrom)
        switch value {
        case .integer(let number): try container.encode(number, forKey: .value)
        case .boolean(let flag): try container.encode(flag, forKey: .value)
        case .text(let text): try container.encode(text, forKey: .value)
        case .addresses(let addresses): try container.encode(addresses.map(\.description), forKey: .value)
        case .octal, .auto: try container.encode(value.description, forKey: .value)
        case .unset: try container.encodeNil(forKey: .value)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case key, value, source, resolved
        case resolvedFrom = "resolved_from"
    }
}
