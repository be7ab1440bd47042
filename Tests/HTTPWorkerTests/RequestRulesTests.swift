import NIOHTTP1
import Testing
@testable import HTTPWorker

@Suite struct RequestRulesTests {
    /// The bit table of host bytes holds exactly the characters RFC 3986 allows in a host and port
    /// (reg-name, IP literal, port), for every byte value.
    @Test func hostBytesAreExactlyTheHostCharacters() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%:[]!$&'()*+,;=".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(RequestRules.isHostByte(byte) == allowed.contains(byte), "byte \(byte)")
        }
    }

    @Test(arguments: ["Host", "host", "HOST", "hOsT"])
    func aHostFieldIsFoundInAnyCase(name: String) {
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/", headers: [name: "a/b"])
        #expect(RequestRules.brokenRule(of: head) == "The Host header field is not a host with an optional port.")
    }

    @Test(arguments: ["Hosx", "Hos", "hosts", "Gost", "Host-"])
    func otherNamesAreNotHost(name: String) {
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/", headers: ["Host": "a", name: "a/b"])
        #expect(RequestRules.brokenRule(of: head) == nil)
    }
}
