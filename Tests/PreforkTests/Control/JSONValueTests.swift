import Foundation
import Testing
@testable import Prefork

@Suite struct JSONValueTests {
    private func text(_ value: JSONValue, pretty: Bool = false) -> String {
        String(decoding: value.encoded(pretty: pretty), as: UTF8.self)
    }

    @Test func eachKindParsesToItsCase() {
        let parsed = JSONValue(parsing: Data(#"{"a":null,"b":true,"c":4,"d":0.5,"e":"x/y","f":[1,"2"],"g":{"h":false}}"#.utf8))
        #expect(parsed == [
            "a": .null, "b": true, "c": 4, "d": .number(0.5), "e": "x/y", "f": .array([1, "2"]), "g": ["h": false],
        ])
    }

    @Test func booleansAreNotIntegersAndIntegersNotBooleans() {
        #expect(JSONValue(parsing: Data("true".utf8)) == .bool(true))
        #expect(JSONValue(parsing: Data("1".utf8)) == .integer(1))
        #expect(JSONValue(parsing: Data("1".utf8))?.bool == nil)
        #expect(JSONValue(parsing: Data("true".utf8))?.integer == nil)
    }

    @Test func textThatIsNotJSONParsesToNil() {
        for text in ["", "not json", "{\"a\":", "{a:1}", "{\"a\" 1}", "[1 2]"] {
            #expect(JSONValue(parsing: Data(text.utf8)) == nil, "\(text)")
        }
    }

    @Test func encodingSortsKeysKeepsSlashesAndIntegers() {
        #expect(text(["b": 2, "a": "x/y", "c": .number(1.5), "d": .array([.null, false])]) == #"{"a":"x/y","b":2,"c":1.5,"d":[null,false]}"#)
        #expect(text(.number(.nan)) == "null", "a non-finite number has no JSON form")
    }

    @Test func prettyTextParsesBackToTheSameValue() throws {
        let value: JSONValue = ["workers": .array([["pid": 12, "state": "ready"]]), "ok": true]
        let pretty = text(value, pretty: true)
        #expect(pretty.contains("\n"))
        #expect(JSONValue(parsing: Data(pretty.utf8)) == value)
    }
}
