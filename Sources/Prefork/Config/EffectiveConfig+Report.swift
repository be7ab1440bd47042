import Foundation

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
        var settings: [[String: Any]] = []
        for entry in entries {
            var item: [String: Any] = [
                "key": entry.key, "value": jsonValue(entry.value), "source": entry.source.description,
            ]
            if entry.key == "workers" {
                item["resolved"] = server.workers.resolved(cpus: cpuBudget.cpus)
                item["resolved_from"] = cpuBudget.explanation
            }
            settings.append(item)
        }
        let report: [String: Any] = ["file": file ?? NSNull(), "settings": settings]
        let data = try JSONSerialization.data(
            withJSONObject: report, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private func shown(_ entry: ConfigEntry, cpuBudget: CPUBudget) -> String {
        guard entry.key == "workers", server.workers == .auto else { return entry.value.description }
        return "auto (\(server.workers.resolved(cpus: cpuBudget.cpus)) here: \(cpuBudget.explanation))"
    }

    private func jsonValue(_ value: SettingValue) -> Any {
        switch value {
        case .integer(let number): number
        case .boolean(let flag): flag
        case .text(let text): text
        case .addresses(let addresses): addresses.map(\.description)
        case .octal, .auto: value.description
        case .unset: NSNull()
        }
    }
}
