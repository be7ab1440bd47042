import HTTPWorker
import NIOCore
import Testing

@Suite struct ResponseJSONTests {
    @Test func detailEscapesTheMessageAndLabelsTheBodyJSON() {
        let response = Response.detail(.notFound, "no \"x\\y\"\n\u{8}\u{1} café", headers: ["allow": "GET"])
        #expect(response.status == .notFound)
        #expect(String(buffer: response.body) == #"{"detail":"no \"x\\y\"\n\b\u0001 café"}"#)
        #expect(response.headers["content-type"] == ["application/json"])
        #expect(response.headers["allow"] == ["GET"])
    }

    @Test func jsonReplacesAContentTypeTheCallerSet() {
        let response = Response.json(.ok, body: ByteBuffer(string: "[]"), headers: ["Content-Type": "text/plain"])
        #expect(response.headers["content-type"] == ["application/json"])
    }
}
