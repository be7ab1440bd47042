import HTTPWorker
import Testing
@testable import Settings

/// `http_protocols` and the HTTP/2 limits: their values, defaults, and the keys that would be
/// ignored reported with where they were set.
@Suite struct HTTPProtocolsSettingTests {
    @Test func http1AloneIsTheDefault() throws {
        let config = try HTTPSettingsFixture().load()
        #expect(config.httpProtocols == .http1)
        #expect(config.http2MaxConcurrentStreams == 100)
        #expect(config.http2MaxHeaderListSize == 16384)
        #expect(config.http2MaxResetStreams == 200)
    }

    @Test(arguments: [("h1", HTTPProtocols.http1), ("h2", .http2), ("h1,h2", .both)])
    func gunicornsValuesAreRead(text: String, protocols: HTTPProtocols) throws {
        let fixture = try HTTPSettingsFixture()
        let path = try fixture.write("http_protocols: \(text)\n")
        #expect(try fixture.load(file: path).httpProtocols == protocols)
    }

    @Test(arguments: ["h3", "http2", "h2,h1,h3"])
    func otherValuesAreRejectedNamingTheChoices(value: String) throws {
        let fixture = try HTTPSettingsFixture()
        let errors = fixture.errors(environment: ["APP_HTTP_PROTOCOLS": value])
        #expect(errors.map(\.description) == [
            "environment APP_HTTP_PROTOCOLS: invalid value \"\(value)\"; expected one of h1, h2, h1,h2",
        ])
    }

    @Test func http2LimitsWithoutHTTP2AreEachReportedWithTheFix() throws {
        let fixture = try HTTPSettingsFixture()
        let path = try fixture.write("http2_max_concurrent_streams: 8\nhttp2_max_reset_streams: 50\n")
        let errors = fixture.errors(file: path)
        #expect(errors.map(\.description) == [
            "config \(path) line 1: http2_max_concurrent_streams: has no effect while http_protocols is h1; "
                + "set http_protocols to h2 or h1,h2, or remove http2_max_concurrent_streams",
            "config \(path) line 2: http2_max_reset_streams: has no effect while http_protocols is h1; "
                + "set http_protocols to h2 or h1,h2, or remove http2_max_reset_streams",
        ])
    }

    @Test func aHeaderListSizeOutOfRangeIsRejected() throws {
        let fixture = try HTTPSettingsFixture()
        let errors = fixture.errors(overrides: [try ConfigOverride(assignment: "http2_max_header_list_size=100")])
        #expect(errors.first?.description
            == "flag --set http2_max_header_list_size: value 100 is out of range; expected an integer in 1024...1048576")
    }

    @Test func theWorkerReadsTheSameSettingsFromTheHandOver() throws {
        let fixture = try HTTPSettingsFixture()
        let path = try fixture.write("http_protocols: h1,h2\nhttp2_max_header_list_size: 65536\n")
        let loaded = try fixture.entries(file: path)
        let decoded = try HTTPSettingsFixture.handedOver(loaded)
        #expect(decoded == (try HTTPSettings(values: loaded.serverValues)))
        #expect(decoded.httpProtocols == .both)
        #expect(decoded.http2MaxHeaderListSize == 65536)
    }
}
