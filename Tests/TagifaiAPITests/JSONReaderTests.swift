import NIOCore
import Testing
@testable import TagifaiAPI

@Suite struct JSONReaderTests {
    private let reader = JSONReader(maxDepth: 8)

    private func failure(_ text: String) -> JSONReadError? {
        do {
            _ = try reader.read(text)
            return nil
        } catch {
            return error
        }
    }

    private func failure(bytes: [UInt8]) -> JSONReadError? {
        do {
            _ = try reader.read(ByteBuffer(bytes: bytes))
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEveryKindOfValueKeepingMemberOrder() throws {
        let value = try reader.read(#" {"b": [1, -2.5e3, true, false, null], "a": "x", "c": {}} "#)
        #expect(value == .object([
            .init("b", .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null])),
            .init("a", .string("x")),
            .init("c", .object([])),
        ]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try reader.read(#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00""#)
        #expect(value == .string("q\" b\\ s/ \u{8}\u{c}\n\r\t é 😀"))
    }

    @Test func keepsNonASCIITextAsSent() throws {
        let text = "Café 机器学习 🤖 naïve"
        #expect(try reader.read("[\"\(text)\"]") == .array([.string(text)]))
    }

    @Test func skipsAByteOrderMark() throws {
        #expect(try reader.read(ByteBuffer(bytes: [0xEF, 0xBB, 0xBF] + Array("[]".utf8))) == .array([]))
    }

    @Test(arguments: [
        ("", "Expecting value", 0),
        ("{\"texts\": }", "Expecting value", 10),
        ("{texts: 1}", "Expecting property name enclosed in double quotes", 1),
        ("{\"a\" 1}", "Expecting ':' delimiter", 5),
        ("[1 2]", "Expecting ',' delimiter", 3),
        ("{\"a\": 1 \"b\": 2}", "Expecting ',' delimiter", 8),
        ("[1] x", "Extra data", 4),
        ("\"abc", "Unterminated string starting at", 0),
        ("\"a\u{1}\"", "Invalid control character at", 2),
        ("\"\\x\"", "Invalid \\escape", 1),
        ("\"\\u12G4\"", "Invalid \\uXXXX escape", 2),
        ("\"\\ud800\"", "Invalid \\uXXXX escape (unpaired surrogate)", 1),
        ("[\"\\ud800\", x]", "Expecting value", 11),
        ("[\"\\uD800\\u12\"]", "Invalid \\uXXXX escape", 9),
        ("[\"\\", "Unterminated string starting at", 1),
        ("tru", "Expecting value", 0),
        ("-", "Expecting value", 0),
        ("[\"é\", x]", "Expecting value", 6),
    ])
    func reportsSyntaxErrorsWhereTheyAre(text: String, reason: String, position: Int) {
        let error = failure(text)
        #expect(error?.kind == .syntax(reason))
        #expect(error?.characterOffset == position)
    }

    @Test func refusesInvalidUTF8InAndOutsideStrings() {
        let inString = failure(bytes: Array("[\"ab".utf8) + [0xFF] + Array("\"]".utf8))
        #expect(inString?.kind == .invalidUTF8)
        #expect(inString?.byteOffset == 4)
        let overlong = failure(bytes: [UInt8(ascii: "\""), 0xC0, 0xAF, UInt8(ascii: "\"")])
        #expect(overlong?.kind == .invalidUTF8)
        let surrogate = failure(bytes: [UInt8(ascii: "\""), 0xED, 0xA0, 0x80, UInt8(ascii: "\"")])
        #expect(surrogate?.kind == .invalidUTF8)
        let truncated = failure(bytes: [UInt8(ascii: "\""), 0xE6, 0x9C, UInt8(ascii: "\"")])
        #expect(truncated?.kind == .invalidUTF8)
        let bare = failure(bytes: [0xFE])
        #expect(bare?.kind == .invalidUTF8)
        let afterEscape = failure(bytes: Array("\"\\n".utf8) + [0xFF] + [UInt8(ascii: "\"")])
        #expect(afterEscape?.kind == .invalidUTF8)
        // Python decodes the whole body first: invalid UTF-8 after a syntax error is still the reason.
        let afterSyntaxError = failure(bytes: Array("[1 2, \"".utf8) + [0xFF] + Array("\"]".utf8))
        #expect(afterSyntaxError?.kind == .invalidUTF8)
        #expect(afterSyntaxError?.byteOffset == 7)
    }

    @Test func refusesNestingPastTheLimit() throws {
        _ = try reader.read(String(repeating: "[", count: 8) + String(repeating: "]", count: 8))
        let error = failure(String(repeating: "[", count: 9) + String(repeating: "]", count: 9))
        #expect(error?.kind == .tooDeep(limit: 8))
        #expect(error?.characterOffset == 8)
    }

    @Test func survivesAHundredThousandLevels() {
        let deep = String(repeating: "{\"a\":[", count: 100_000)
        #expect(failure(deep)?.kind == .tooDeep(limit: 8))
    }

    @Test func depthIsCappedSoNoSettingCanExhaustTheStack() {
        #expect(JSONReader(maxDepth: 10_000_000).maxDepth == JSONReader.depthCeiling)
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONReadError.self) { try JSONReader(maxDepth: .max).read(deep) }
    }

    @Test func numbersFollowTheJSONGrammar() throws {
        #expect(try reader.read("0") == .number("0"))
        #expect(try reader.read("-0.5E+2") == .number("-0.5E+2"))
        #expect(failure("01")?.kind == .syntax("Extra data"))
        #expect(failure("1.")?.kind == .syntax("Extra data"))
    }
}
