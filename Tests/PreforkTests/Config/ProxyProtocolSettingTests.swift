@testable import Prefork
@testable import Settings
import Testing

@Suite struct ProxyProtocolSettingTests {
    @Test func offByDefault() throws {
        let fixture = try ConfigFixture()
        #expect(try fixture.load().server.proxyProtocol == false)
        #expect(ServerConfig().proxyProtocol == false)
    }

    @Test func fileEnvironmentAndSetTurnItOn() throws {
        let fixture = try ConfigFixture()
        #expect(try fixture.load(file: try fixture.write("proxy_protocol: yes\n")).server.proxyProtocol)
        #expect(try fixture.load(environment: ["APP_PROXY_PROTOCOL": "true"]).server.proxyProtocol)
        let set = try ConfigOverride(assignment: "proxy_protocol=on")
        let loaded = try fixture.load(file: try fixture.write("proxy_protocol: false\n"), overrides: [set])
        #expect(loaded.server.proxyProtocol)
        #expect(loaded.entry("proxy_protocol")?.source.description.contains("--set proxy_protocol") == true)
    }

    @Test func aValueOtherThanABooleanIsRefusedNamingTheKey() throws {
        let fixture = try ConfigFixture()
        let messages = fixture.errors(file: try fixture.write("proxy_protocol: v2\n")).map(\.description)
        #expect(messages.count == 1)
        #expect(messages.first?.contains(#"proxy_protocol: invalid value "v2"; expected true or false"#) == true, "\(messages)")
    }

    @Test func theSettingRoundTripsThroughTheWorkerHandOver() throws {
        let fixture = try ConfigFixture()
        let loaded = try fixture.load(file: try fixture.write("proxy_protocol: true\n"))
        let handedOver = try EffectiveConfig.decode(try loaded.encode())
        #expect(handedOver.server.proxyProtocol)
    }
}
