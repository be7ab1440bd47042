import NIOCore
import Testing
@testable import TagifaiAPI

/// `PredictPayload.plainTexts` reads the plainest payloads without a JSON value; for every body it
/// accepts, the general path (`JSONReader`, then `validate`) must accept it with the same texts.
@Suite struct PredictPayloadPlainTests {
    private let limits = PredictPayload.Limits(maxBatchSize: 4, maxTextLength: 12)

    /// The texts the general path gives `body`, or nil when it refuses it.
    private func generalTexts(_ body: [UInt8]) -> [String]? {
        guard let value = try? JSONReader().read(ByteBuffer(bytes: body)) else { return nil }
        return try? PredictPayload.validate(value, limits: limits).get().texts
    }

    private func plainTexts(_ body: [UInt8]) -> [String]? {
        PredictPayload.plainTexts(ByteBuffer(bytes: body), limits: limits)
    }

    @Test(arguments: [
        #"{"texts":[{"text":"a"}]}"#,
        #"{"texts": [{"text": "Transfer"}, {"text": "GANs in TF."}]}"#,
        " {\n\t\"texts\" : [ { \"text\" : \"x y\" } , {\"text\":\"z\"} ] }\r\n",
        #"{"texts":[{"text":"1"},{"text":"2"},{"text":"3"},{"text":"4"}]}"#,
    ])
    func readsThePlainFormAsTheGeneralPathDoes(body: String) throws {
        let texts = try #require(plainTexts(Array(body.utf8)))
        #expect(texts == generalTexts(Array(body.utf8)))
    }

    /// Bodies the general path may accept or refuse, but whose texts it must read itself: escapes,
    /// other characters, other members and shapes, the limits, a byte order mark, trailing data.
    @Test(arguments: [
        #"{"texts":[{"text":"a\"b"}]}"#, #"{"texts":[{"text":"a\u0062"}]}"#, #"{"texts":[{"text":"naïve"}]}"#,
        #"{"texts":[{"text":"a","x":1}]}"#, #"{"texts":[{"text":"a"}],"y":2}"#, #"{"texts":[],"texts":[{"text":"a"}]}"#,
        #"{"texts":[]}"#, #"{"texts":[{"text":""}]}"#, #"{"texts":[{"text":"0123456789abc"}]}"#,
        #"{"texts":[{"text":"1"},{"text":"2"},{"text":"3"},{"text":"4"},{"text":"5"}]}"#,
        "\u{FEFF}{\"texts\":[{\"text\":\"a\"}]}", #"{"texts":[{"text":"a"}]}x"#, #"{"texts":[{"text":"a"}],}"#,
        #"{"texts":[{"text":"a"},]}"#, #"{"texts":[{"text":1}]}"#, #"{"texts":{"text":"a"}}"#, #"{"Texts":[{"text":"a"}]}"#,
        "{\"texts\":[{\"text\":\"a\tb\"}]}", "{\"texts\":[{\"text\":\"a\u{7F}\"}]}", #"{"texts":[{"text":"a"}"#,
    ])
    func leavesEveryOtherBodyToTheGeneralPath(body: String) {
        #expect(plainTexts(Array(body.utf8)) == nil)
    }

    /// Random one-byte edits of plain bodies: whatever the plain reader accepts, the general path
    /// accepts with the same texts.
    @Test func acceptsNoEditTheGeneralPathReadsOtherwise() {
        let bases = [#"{"texts":[{"text":"ab"},{"text":"c d"}]}"#, #"{ "texts" : [ { "text" : "0123456789ab" } ] }"#]
        let alphabet = Array(#" {}[]:,"\abtex1"#.utf8) + [0x09, 0x0A, 0x0D, 0x00, 0x7F, 0xC3, 0xEF]
        var state: UInt64 = 0x5DEECE66D
        func below(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var accepted = 0
        for round in 0..<20_000 {
            var body = Array(bases[round % bases.count].utf8)
            let position = below(body.count + 1)
            switch below(3) {
            case 0 where position < body.count: body[position] = alphabet[below(alphabet.count)]
            case 1 where position < body.count: body.remove(at: position)
            default: body.insert(alphabet[below(alphabet.count)], at: position)
            }
            guard let texts = plainTexts(body) else { continue }
            accepted += 1
            #expect(texts == generalTexts(body), "\(String(decoding: body, as: UTF8.self).debugDescription)")
        }
        #expect(accepted > 1_000, "the edits should leave many bodies plain")
    }
}
