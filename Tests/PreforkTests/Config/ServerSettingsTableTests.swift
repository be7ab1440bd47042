import Testing
@testable import Prefork

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

    @Test func autoWorkersResolveToTheCoreCount() {
        #expect(WorkerCount.auto.resolved(onlineCores: 8) == 8)
        #expect(WorkerCount.auto.resolved(onlineCores: 0) == 1)
        #expect(WorkerCount.fixed(3).resolved(onlineCores: 8) == 3)
        #expect(WorkerCount.onlineCores >= 1)
    }

    @Test func textReportShowsDeclaredAndResolvedWorkers() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load(environment: ["APP_WORKERS": "auto"])
        let report = config.textReport(onlineCores: 6)
        #expect(report.contains("auto (6 on this machine)  (env APP_WORKERS)"))
        #expect(report.split(separator: "\n").count == 1 + config.entries.count)
    }
}

@Suite struct KeySuggestionTests {
    @Test(arguments: [("worker", "workers"), ("timout", "timeout"), ("keep_alive", "keepalive"),
                      ("max-requests", "max_requests"), ("loglevl", "loglevel"), ("Workers", "workers")])
    func suggestsNearMisses(typed: String, expected: String) {
        #expect(KeySuggestion.nearest(to: typed, among: ServerConfig.settings.map(\.key)) == expected)
    }

    @Test(arguments: ["colour", "x", "database_url"])
    func staysQuietForFarOffKeys(typed: String) {
        #expect(KeySuggestion.nearest(to: typed, among: ServerConfig.settings.map(\.key)) == nil)
    }
}
