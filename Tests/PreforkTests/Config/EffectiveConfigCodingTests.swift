import Foundation
import Testing
@testable import Prefork
@testable import Settings

@Suite struct EffectiveConfigCodingTests {
    @Test func jsonRoundTripKeepsValuesAndSources() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("""
            bind: ["[::1]:0", "unix:/tmp/t.sock"]
            workers: auto
            umask: 0077
            pidfile: /run/t.pid
            admin_bind: 127.0.0.1:9100
            model: models/x
            """)
        let config = try fixture.load(
            file: path,
            overrides: [ConfigOverride(key: "timeout", values: ["3"], flag: "--set timeout")],
            environment: ["APP_CONTROL_SOCKET": ""])
        let decoded = try EffectiveConfig.decode(try config.encode())
        #expect(decoded == config)
        #expect(decoded.server.workers == .auto)
        #expect(decoded.server.controlSocket == nil)
        #expect(decoded.entry("timeout")?.source == .flag("--set timeout"))
        #expect(decoded.application.string("model") == fixture.folder.path + "/models/x")
        #expect(decoded.application.optionalAddress("admin_bind") == .tcp(host: "127.0.0.1", port: 9100))
    }

    @Test func defaultsRoundTrip() throws {
        let config = try ConfigFixture().load()
        #expect(try EffectiveConfig.decode(try config.encode()) == config)
    }

    @Test func serverValueOfTheWrongShapeFailsToDecode() throws {
        let config = try ConfigFixture().load()
        let json = try config.encode()
        let corrupted = json.replacingOccurrences(of: #"{"integer":{"_0":2}}"#, with: #"{"text":{"_0":"two"}}"#)
        #expect(corrupted != json)
        let error = #expect(throws: ConfigError.self) { try EffectiveConfig.decode(corrupted) }
        #expect(error?.description == #"config default: workers: invalid value "two"; expected an integer in 1...1024 or auto"#)
    }

    @Test func notJSONFailsToDecode() {
        let error = #expect(throws: DecodingError.self) { try EffectiveConfig.decode("workers: 2") }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected the JSON reader to refuse YAML as corrupted data, got \(String(describing: error))")
            return
        }
        #expect(context.codingPath.isEmpty)
    }
}
