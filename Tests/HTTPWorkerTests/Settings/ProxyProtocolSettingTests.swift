import HTTPWorker
import Testing
@testable import Settings

@Suite struct ProxyProtocolSettingTests {
    @Test func offByDefault() throws {
        let fixture = try HTTPSettingsFixture()
        #expect(try fixture.load().proxyProtocol == false)
        #expect(HTTPSettings().proxyProtocol == false)
    }

    @Test func fileEnvironmentAndSetTurnItOn() throws {
        let fixture = try HTTPSettingsFixture()
        #expect(try fixture.load(file: try fixture.write("proxy_protocol: yes\n")).proxyProtocol)
        #expect(try fixture.load(environment: ["APP_PROXY_PROTOCOL": "true"]).proxyProtocol)
        let set = try ConfigOverride(assignment: "proxy_protocol=on")
        let loaded = try fixture.entries(file: try fixture.write("proxy_protocol: false\n"), overrides: [set])
        #expect(try HTTPSettings(values: loaded.serverValues).proxyProtocol)
        #expect(loaded.serverValues["proxy_protocol"]?.source.description.contains("--set proxy_protocol") == true)
    }

    @Test func aValueOtherThanABooleanIsRefusedNamingTheKey() throws {
        let fixture = try HTTPSettingsFixture()
        let messages = fixture.errors(file: try fixture.write("proxy_protocol: v2\n")).map(\.description)
        #expect(messages.count == 1)
        #expect(messages.first?.contains(#"proxy_protocol: invalid value "v2"; expected true or false"#) == true, "\(messages)")
    }

    @Test func theSettingRoundTripsThroughTheWorkerHandOver() throws {
        let fixture = try HTTPSettingsFixture()
        let loaded = try fixture.entries(file: try fixture.write("proxy_protocol: true\n"))
        #expect(try HTTPSettingsFixture.handedOver(loaded).proxyProtocol)
    }
}
