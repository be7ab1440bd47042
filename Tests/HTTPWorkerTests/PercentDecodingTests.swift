import Testing
@testable import HTTPWorker

/// The decoder every path parameter and query value goes through, checked against what Python's
/// `urllib.parse.unquote` and `unquote_plus` return for the same text.
@Suite struct PercentDecodingTests {
    @Test(arguments: [
        ("num%20epochs", "num epochs"), ("a+b", "a+b"), ("%41%zz", "A%zz"), ("100%", "100%"), ("%4", "%4"),
        ("%e2%82%ac", "€"), ("%ff", "\u{FFFD}"), ("%C3", "\u{FFFD}"), ("", ""),
    ])
    func decodesAsUnquote(text: String, expected: String) {
        #expect(PercentDecoding.decode(Substring(text)) == expected)
    }

    @Test(arguments: [("a+b%2Bc", "a b+c"), ("+", " "), ("%2B", "+")])
    func formEncodingTurnsPlusIntoASpace(text: String, expected: String) {
        #expect(PercentDecoding.decode(Substring(text), plusIsSpace: true) == expected)
    }
}
