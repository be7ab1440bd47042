import HTTPWorker
import Testing
@testable import Settings

@Suite struct HTTPSettingsTableTests {
    @Test func tableDefaultsEqualHTTPSettingsDefaults() throws {
        let entries = HTTPSettings.settings.map { ConfigEntry(key: $0.key, value: $0.defaultValue, source: .builtIn) }
        let built = try HTTPSettings(values: Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) }))
        #expect(built == HTTPSettings())
    }

    @Test func everyDefaultPassesItsOwnValidation() throws {
        for setting in HTTPSettings.settings {
            let text = setting.defaultValue == .unset ? "" : setting.defaultValue.description
            #expect(try setting.value(from: .scalar(text), source: .builtIn) == setting.defaultValue, "\(setting.key)")
        }
    }

    @Test func keysAreUniqueSnakeCaseWithSummaries() {
        let keys = HTTPSettings.settings.map(\.key)
        #expect(Set(keys).count == keys.count)
        // Digits only within a word, as in http2_max_concurrent_streams.
        #expect(keys.allSatisfy { $0.first?.isLowercase == true && $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } })
        #expect(HTTPSettings.settings.allSatisfy { !$0.summary.isEmpty })
    }
}
