import Testing
@testable import Prefork
@testable import Settings

@Suite struct BindAddressParsingTests {
    @Test(arguments: [
        ("127.0.0.1:8000", BindAddress.tcp(host: "127.0.0.1", port: 8000)),
        ("localhost:0", .tcp(host: "localhost", port: 0)),
        ("0.0.0.0:65535", .tcp(host: "0.0.0.0", port: 65535)),
        ("[::1]:8000", .tcp(host: "::1", port: 8000)),
        ("[::]:80", .tcp(host: "::", port: 80)),
        ("[fe80::1%eth0]:80", .tcp(host: "fe80::1%eth0", port: 80)),
        ("unix:/run/tagifai.sock", .unix(path: "/run/tagifai.sock")),
        ("unix:relative.sock", .unix(path: "relative.sock")),
    ])
    func parsesEachSyntax(text: String, expected: BindAddress) throws {
        #expect(try BindAddress.parse(text) == expected)
        #expect(try BindAddress.parse(expected.description) == expected)
    }

    @Test(arguments: ["localhost", "127.0.0.1:", "127.0.0.1:http", ":8000", "::1:8000", "[::1]", "[::1]8000",
                      "[::1:8000", "[example.com]:80", "unix:", "host name:80", "127.0.0.1:-1"])
    func rejectsMalformed(text: String) {
        #expect {
            try BindAddress.parse(text)
        } throws: { error in
            if case .malformed = error as? BindAddress.ParseProblem { true } else { false }
        }
    }

    @Test(arguments: ["127.0.0.1:65536", "[::1]:99999", "localhost:123456789012345678901234567890"])
    func rejectsPortsOutOfRange(text: String) {
        #expect {
            try BindAddress.parse(text)
        } throws: { error in
            if case .portOutOfRange = error as? BindAddress.ParseProblem { true } else { false }
        }
    }

    @Test func badPortInConfigNamesTheAddress() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("bind: ['127.0.0.1:8000', '127.0.0.1:70000']\n")
        let errors = fixture.errors(file: path)
        #expect(errors.count == 1)
        #expect(errors.first?.description.contains("value 127.0.0.1:70000 is out of range") == true)
        #expect(errors.first?.description.contains("port 70000 is not in 0...65535") == true)
    }

    @Test func emptyBindListIsRejected() throws {
        let fixture = try ConfigFixture()
        let path = try fixture.write("bind: []\n")
        #expect(fixture.errors(file: path).count == 1)
    }
}
