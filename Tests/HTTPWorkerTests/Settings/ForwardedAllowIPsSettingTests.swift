import HTTPWorker
import Testing
@testable import Settings

@Suite struct ForwardedAllowIPsSettingTests {
    @Test func defaultTrustsOnlyLoopbackIPv4() throws {
        let fixture = try HTTPSettingsFixture()
        let list = try fixture.load().forwardedAllowIPs
        #expect(list.description == "127.0.0.1")
        #expect(list.contains(try #require(IPAddressValue(parsing: "127.0.0.1"))))
        #expect(!list.contains(try #require(IPAddressValue(parsing: "127.0.0.2"))))
    }

    @Test func aListOrACommaSeparatedStringOfAddressesAndNetworksLoads() throws {
        let fixture = try HTTPSettingsFixture()
        for yaml in ["forwarded_allow_ips: [10.0.0.0/8, \"fd00::/8\", 192.0.2.1]\n",
                     "forwarded_allow_ips: 10.0.0.0/8, fd00::/8,192.0.2.1\n"] {
            let list = try fixture.load(file: try fixture.write(yaml)).forwardedAllowIPs
            #expect(list.description == "10.0.0.0/8,fd00::/8,192.0.2.1")
            #expect(list.contains(try #require(IPAddressValue(parsing: "10.200.3.4"))))
            #expect(list.contains(try #require(IPAddressValue(parsing: "fd12::1"))))
            #expect(list.contains(try #require(IPAddressValue(parsing: "::ffff:192.0.2.1"))))
            #expect(!list.contains(try #require(IPAddressValue(parsing: "11.0.0.1"))))
            #expect(!list.contains(try #require(IPAddressValue(parsing: "fe80::1"))))
        }
    }

    @Test func aStarTrustsEveryPeer() throws {
        let fixture = try HTTPSettingsFixture()
        let list = try fixture.load(file: try fixture.write("forwarded_allow_ips: '*'\n")).forwardedAllowIPs
        let anywhere = try #require(IPAddressValue(parsing: "2001:db8::1"))
        #expect(list.allowsAll && list.contains(anywhere))
    }

    @Test func everyMalformedItemIsReportedByName() throws {
        let fixture = try HTTPSettingsFixture()
        let path = try fixture.write("forwarded_allow_ips: [10.0.0.0/33, 127.0.0.1, proxy.local]\n")
        let messages = fixture.errors(file: path).map(\.description)
        #expect(messages.count == 2)
        #expect(messages.first?.contains(#"forwarded_allow_ips: invalid value "10.0.0.0/33"; expected a list of IP addresses or CIDR networks"#) == true)
        #expect(messages.last?.contains(#""proxy.local""#) == true)
    }

    @Test func anEmptyListIsRefused() throws {
        let fixture = try HTTPSettingsFixture()
        #expect(fixture.errors(file: try fixture.write("forwarded_allow_ips: ','\n")).count == 1)
        #expect(fixture.errors(file: try fixture.write("forwarded_allow_ips: []\n")).count == 1)
    }

    @Test func theListRoundTripsThroughTheWorkerHandOver() throws {
        let fixture = try HTTPSettingsFixture()
        let loaded = try fixture.entries(file: try fixture.write("forwarded_allow_ips: '*, 10.0.0.0/8'\n"))
        let handedOver = try HTTPSettingsFixture.handedOver(loaded)
        #expect(handedOver.forwardedAllowIPs == (try HTTPSettings(values: loaded.serverValues)).forwardedAllowIPs)
        #expect(handedOver.forwardedAllowIPs.allowsAll)
    }
}
