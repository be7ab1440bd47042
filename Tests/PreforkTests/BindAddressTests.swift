import Testing
@testable import Prefork
@testable import Settings

@Suite struct BindAddressTests {
    @Test func describesAddressesInConfigSyntax() {
        #expect(BindAddress.tcp(host: "127.0.0.1", port: 8000).description == "127.0.0.1:8000")
        #expect(BindAddress.tcp(host: "::1", port: 80).description == "[::1]:80")
        #expect(BindAddress.unix(path: "/run/tagifai.sock").description == "unix:/run/tagifai.sock")
    }
}
