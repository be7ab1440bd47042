@testable import HTTPWorker
import NIOCore
import NIOHTTP1
import Testing

@Suite struct ResponseSerializationTests {
    @Test(arguments: [0, 7, 10, 99, 200, 1_234_567, -42, Int.max, Int.min])
    func decimalIsSpelledAsStringSpellsIt(value: Int) {
        var buffer = ByteBuffer(string: "x")
        buffer.writeDecimal(value)
        #expect(String(buffer: buffer) == "x" + String(value))
    }

    @Test func statusLineOfEachVersionAndStatus() {
        let body = ByteBuffer(string: "{}")
        let cases: [(HTTPVersion, HTTPResponseStatus, String)] = [
            (.http1_1, .ok, "HTTP/1.1 200 OK\r\n"),
            (.http1_0, .ok, "HTTP/1.0 200 OK\r\n"),
            (.http1_1, .notFound, "HTTP/1.1 404 Not Found\r\n"),
            (.http1_1, .custom(code: 200, reasonPhrase: "Fine"), "HTTP/1.1 200 Fine\r\n"),
            (.http1_1, .serviceUnavailable, "HTTP/1.1 503 Service Unavailable\r\n"),
        ]
        for (version, status, line) in cases {
            let bytes = Response.json(status, body: body).serialized(
                version: version, date: "Mon, 07 Dec 2026 03:00:00 GMT", connection: nil, includeBody: true)
            #expect(String(buffer: bytes) == line
                + "content-type: application/json\r\ndate: Mon, 07 Dec 2026 03:00:00 GMT\r\ncontent-length: 2\r\n\r\n{}")
        }
    }

    @Test func headersAfterTheJSONContentTypeKeepTheirOrderAndTheServerSetOnesAreLeftOut() {
        var response = Response.json(.ok, body: ByteBuffer(string: "[1]"), headers: ["Retry-After": "1", "Content-Length": "9"])
        response.headers.add(name: "X-Extra", value: "y")
        let bytes = response.serialized(version: .http1_1, date: "D", connection: "close", includeBody: false)
        #expect(String(buffer: bytes) == "HTTP/1.1 200 OK\r\nRetry-After: 1\r\ncontent-type: application/json\r\nX-Extra: y\r\n"
            + "date: D\r\ncontent-length: 3\r\nconnection: close\r\n\r\n")
    }

    /// A lone field is written as it was set, whether it is the JSON content type or not.
    @Test(arguments: [("content-type", "application/json"), ("Content-Type", "application/json"),
                      ("content-type", "text/html; charset=utf-8"), ("content-typo", "application/json")])
    func aLoneFieldIsWrittenAsSet(name: String, value: String) {
        let response = Response(status: .ok, headers: [name: value], body: ByteBuffer(string: "x"))
        let bytes = response.serialized(version: .http1_1, date: "D", connection: nil, includeBody: true)
        #expect(String(buffer: bytes) == "HTTP/1.1 200 OK\r\n\(name): \(value)\r\ndate: D\r\ncontent-length: 1\r\n\r\nx")
    }
}
