import NIOCore
import Testing
@testable import TagifaiAPI

@Suite struct JSONWriterTests {
    private func written(_ value: JSONValue) -> String {
        var buffer = ByteBuffer()
        buffer.writeJSON(value)
        return String(buffer: buffer)
    }

    @Test func escapesLikePythonsJSONDumpsWithoutASCIIEscaping() {
        #expect(written(.string("a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}")) == #""a\"b\\c\n\r\t\b\f\u0001\u001f""#)
        #expect(written(.string("Café 机器 🤖 /")) == "\"Café 机器 🤖 /\"")
    }

    @Test func stringsWithAndWithoutEscapesFollowOneAnother() {
        let value: JSONValue = .array([.string(""), .string("plain"), .string("\"end"), .string("start\\"), .string("é")])
        #expect(written(value) == #"["","plain","\"end","start\\","é"]"#)
    }

    @Test func writesCompactJSONInMemberOrder() {
        let value: JSONValue = .object(["z": .array([.integer(1), .null, .bool(true)]), "a": .object([])])
        #expect(written(value) == #"{"z":[1,null,true],"a":{}}"#)
    }

    @Test func roundTripsThroughTheReader() throws {
        let value: JSONValue = .object([
            "texts": .array([.object(["text": .string("naïve \"quotes\" \\ 😀\u{0}")])]),
            "n": .number("-1.5e-3"),
        ])
        var buffer = ByteBuffer()
        buffer.writeJSON(value)
        #expect(try JSONReader().read(buffer) == value)
    }
}
