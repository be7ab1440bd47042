import Testing
@testable import Prefork
@testable import Settings

@Suite struct ServerSettingsTableTests {
    @Test func tableDefaultsEqualServerConfigDefaults() throws {
        let entries = ServerConfig.settings.map { ConfigEntry(key: $0.key, value: $0.defaultValue, source: .builtIn) }
        let built = try ServerConfig(values: Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) }))
        #expect(built == ServerConfig())
    }

    @Test func everyDefaultPassesItsOwnValidation() throws {
        for setting in ServerConfig.settings + ConfigFixture.applicationSettings {
            let text = setting.defaultValue == .unset ? "" : setting.defaultValue.description
            #expect(try setting.value(from: .scalar(text), source: .builtIn) == setting.defaultValue, "\(setting.key)")
        }
    }

    @Test func keysAreUniqueSnakeCaseWithSummaries() {
        let keys = ServerConfig.settings.map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(keys.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } })
        #expect(ServerConfig.settings.allSatisfy { !$0.summary.isEmpty })
    }

    @Test func autoWorkersResolveToTheCPUCount() {
        #expect(WorkerCount.auto.resolved(cpus: 8) == 8)
        #expect(WorkerCount.auto.resolved(cpus: 0) == 1)
        #expect(WorkerCount.fixed(3).resolved(cpus: 8) == 3)
    }

    @Test func textReportShowsDeclaredAndResolvedWorkers() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load(environment: ["APP_WORKERS": "auto"])
        let report = config.textReport(cpuBudget: CPUBudget(affinity: 6))
        #expect(report.contains("auto (6 here: 6 CPU(s) in the affinity mask, no cgroup CPU quota)  (env APP_WORKERS)"))
        let limited = config.textReport(cpuBudget: CPUBudget(affinity: 6, quota: 1.5, quotaFile: "/sys/fs/cgroup/cpu.max"))
        #expect(limited.contains("auto (2 here: 6 CPU(s) in the affinity mask, cgroup quota 1.50 CPU(s) in /sys/fs/cgroup/cpu.max)"))
        #expect(report.split(separator: "\n").count == 1 + config.entries.count)
    }

    @Test func jsonReportIsSortedPrettyJSONWithTheResolvedWorkers() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load(environment: ["APP_WORKERS": "auto"])
        let report = try config.jsonReport(cpuBudget: CPUBudget(affinity: 6))
        #expect(report.hasPrefix("""
            {
              "file" : null,
              "settings" : [
                {
                  "key" : "bind",
                  "source" : "default",
                  "value" : [
                    "127.0.0.1:8000"
                  ]
                },
            """))
        #expect(report.contains("""
                {
                  "key" : "workers",
                  "resolved" : 6,
                  "resolved_from" : "6 CPU(s) in the affinity mask, no cgroup CPU quota",
                  "source" : "env APP_WORKERS",
                  "value" : "auto"
                },
            """))
        #expect(report.contains(#""value" : null"#))
    }
}

@Suite struct KeySuggestionTests {
    @Test(arguments: [("worker", "workers"), ("timout", "timeout"), ("reuseport", "reuse_port"),
                      ("max-requests", "max_requests"), ("loglevl", "loglevel"), ("Workers", "workers")])
    func suggestsNearMisses(typed: String, expected: String) {
        #expect(KeySuggestion.nearest(to: typed, among: ServerConfig.settings.map(\.key)) == expected)
    }

    @Test(arguments: ["colour", "x", "database_url"])
    func staysQuietForFarOffKeys(typed: String) {
        #expect(KeySuggestion.nearest(to: typed, among: ServerConfig.settings.map(\.key)) == nil)
    }
}
