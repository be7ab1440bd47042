import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import HTTPWorker

/// `HTTPRequestParser` against the requests a server meets, split across reads at every byte, and
/// against NIO's decoder (llhttp), which it replaced: whatever both accept, they read the same.
@Suite struct HTTPRequestParserTests {
    /// A request's parts in a form that compares: bodies joined, as a reader of the parts sees them.
    enum Parsed: Equatable, CustomStringConvertible {
        case head(method: String, uri: String, version: String, fields: [String])
        case body([UInt8])
        case end(trailers: [String]?)
        case refused

        var description: String {
            switch self {
            case .head(let method, let uri, let version, let fields): "head(\(method) \(uri) \(version) \(fields))"
            case .body(let bytes): "body(\(String(decoding: bytes, as: UTF8.self).debugDescription))"
            case .end(let trailers): "end(\(trailers.map { "\($0)" } ?? "nil"))"
            case .refused: "refused"
            }
        }
    }

    static let limits = RequestLimits(TestServer.config { _ in })

    /// Parses `reads` in order with a fresh parser: its parts, and `.refused` last if it threw.
    static func parse(_ reads: [[UInt8]], limits: RequestLimits = limits) -> (parts: [Parsed], error: HTTPRequestParseError?) {
        var parser = HTTPRequestParser(limits: limits)
        var parts: [Parsed] = []
        do {
            for read in reads {
                var bytes = ByteBuffer(bytes: read)
                while let part = try parser.next(from: &bytes) { append(part, to: &parts) }
                #expect(bytes.readableBytes == 0, "a read was not taken whole")
            }
        } catch {
            parts.append(.refused)
            return (parts, error)
        }
        return (parts, nil)
    }

    private static func append(_ part: HTTPRequestParser.Part, to parts: inout [Parsed]) {
        switch part {
        case .head(let head, _):
            parts.append(.head(
                method: head.method.rawValue, uri: head.uri, version: "\(head.version)",
                fields: head.headers.map { "\($0.name): \($0.value)" }))
        case .body(let bytes):
            if case .body(let earlier) = parts.last {
                parts[parts.count - 1] = .body(earlier + Array(bytes.readableBytesView))
            } else {
                parts.append(.body(Array(bytes.readableBytesView)))
            }
        case .end(let trailers):
            parts.append(.end(trailers: trailers.map { $0.map { "\($0.name): \($0.value)" } }))
        }
    }

    /// What NIO's decoder reads from `bytes` given at once, in the same form, up to the first head the
    /// server refuses (`RequestRefusal`), as `servedParts` reads them; `.refused` last if it threw or a
    /// head was refused. Its limits are set far beyond the parser's, which checks its own.
    static func decodeWithNIO(_ bytes: [UInt8]) -> [Parsed] {
        let channel = EmbeddedChannel()
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = 1 << 20
        limits.maxHeaderListSize = 1 << 22
        limits.maxHeaderFieldCount = 1 << 12
        try! channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(
            leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop, limitConfiguration: limits)))
        var parts: [Parsed] = []
        var failed = false
        do {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        } catch {
            failed = true
        }
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(var head):
                head.headers = HTTPHeaders(head.headers.map { ($0.name, String(Substring($0.value).trimmingSpaces)) })
                let length = head.headers.first(name: "content-length").flatMap(Int.init)
                if RequestRefusal.refusal(ofParsed: head, declaredLength: length, limits: Self.limits) != nil {
                    _ = try? channel.finish()
                    return parts + [.refused]
                }
                append(.head(head, BodyFraming()), to: &parts)
            case .body(let body): append(.body(body), to: &parts)
            case .end(let trailers):
                append(.end(trailers.map { HTTPHeaders($0.map { ($0.name, String(Substring($0.value).trimmingSpaces)) }) }), to: &parts)
            }
        }
        _ = try? channel.finish()
        if failed { parts.append(.refused) }
        return parts
    }

    static let get = "GET /health?x=1 HTTP/1.1\r\nHost: a:8000\r\nAccept: */*\r\n\r\n"
    static let post = "POST /predict HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"texts\":1}"
    static let chunked = "POST /predict HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
        + "4\r\n{\"te\r\nB\r\nxts\":[1,2]}\r\n0\r\nX-Sum: 9\r\n\r\n"
    static let http10 = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"

    @Test func readsAHeadItsFieldsAndItsEnd() {
        let (parts, error) = Self.parse([Array(Self.get.utf8)])
        #expect(error == nil)
        #expect(parts == [
            .head(method: "GET", uri: "/health?x=1", version: "HTTP/1.1", fields: ["Host: a:8000", "Accept: */*"]),
            .end(trailers: nil),
        ])
    }

    @Test func readsABodyByItsLengthAndAChunkedOneWithItsTrailers() {
        let (parts, error) = Self.parse([Array((Self.post + Self.chunked).utf8)])
        #expect(error == nil)
        #expect(parts == [
            .head(method: "POST", uri: "/predict", version: "HTTP/1.1", fields: ["Host: a", "Content-Type: application/json", "Content-Length: 11"]),
            .body(Array("{\"texts\":1}".utf8)),
            .end(trailers: nil),
            .head(method: "POST", uri: "/predict", version: "HTTP/1.1", fields: ["Host: a", "Transfer-Encoding: gzip, chunked"]),
            .body(Array("{\"texts\":[1,2]}".utf8)),
            .end(trailers: ["X-Sum: 9"]),
        ])
    }

    /// Pipelined requests read whole, in two reads split at every byte, and a byte at a time.
    @Test func anySplitOfTheReadsGivesTheSameParts() {
        let bytes = Array((Self.post + Self.chunked + Self.get + "\r\n" + Self.http10).utf8)
        let whole = Self.parse([bytes])
        #expect(whole.error == nil)
        #expect(whole.parts.count == 10)
        for split in 0...bytes.count {
            let parts = Self.parse([Array(bytes[..<split]), Array(bytes[split...])])
            #expect(parts.parts == whole.parts, "split at \(split)")
        }
        #expect(Self.parse(bytes.map { [$0] }).parts == whole.parts)
    }

    @Test func readsWhatNIOsDecoderReads() {
        for text in [Self.get, Self.post, Self.chunked, Self.http10, Self.post + Self.get + Self.chunked, "\r\n" + Self.get] {
            let bytes = Array(text.utf8)
            #expect(Self.parse([bytes]).parts == Self.decodeWithNIO(bytes), "\(text.debugDescription)")
        }
    }

    /// One-byte edits of valid requests: whatever both accept, both read alike, and what NIO's
    /// decoder refuses the parser refuses too, or hands on as a head the server refuses
    /// (`RequestRefusal`: a target that is no path or URL). The parser refuses more: a CR or LF that
    /// is not a CRLF, which llhttp takes as a line end or skips, and more than one space between the
    /// request line's parts; it accepts more: methods llhttp does not know, which the router
    /// answers (404 or 405). Field values are compared without the spaces around them, which
    /// llhttp keeps at the end and RFC 9110 (5.5) leaves out.
    @Test func oneByteEditsAreReadAsNIOsDecoderReadsThem() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = Array("\r\n \t:;,0aAz9-/?#.\u{7F}".utf8) + [0, 0x80, 0xFF, 0x0B]
        let bases = [Self.get, Self.post, Self.chunked, Self.http10].map { Array($0.utf8) }
        var compared = 0
        var accepted = 0
        for _ in 0..<20_000 {
            var bytes = bases.randomElement(using: &generator)!
            let at = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[at] = interesting.randomElement(using: &generator)!
            case 1: bytes.insert(interesting.randomElement(using: &generator)!, at: at)
            default: bytes.remove(at: at)
            }
            let ours = Self.servedParts(bytes)
            let theirs = Self.decodeWithNIO(bytes)
            let bothRefuse = ours.last == .refused && theirs.last == .refused
            if ours == theirs || bothRefuse {
                compared += 1
                if !bothRefuse { accepted += 1 }
                continue
            }
            // llhttp keeps a value's trailing spaces, so `chunked ` is not chunked to it.
            if theirs.last == .refused, ours.last != .refused, Self.hasTrailingSpaces(bytes) { continue }
            if ours.last == .refused, theirs.last != .refused {
                let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
                if Self.hasLoneCROrLF(bytes) || line.indices.dropFirst().contains(where: { line[$0] == 32 && line[$0 - 1] == 32 }) { continue }
            }
            // llhttp refuses a method it does not know; the parser hands it on.
            if theirs.last == .refused, case .head(let method, _, _, _)? = ours.first,
               case .RAW = HTTPMethod(rawValue: method) { continue }
            Issue.record("\(String(decoding: bytes, as: UTF8.self).debugDescription):\n  parser \(ours)\n  NIO    \(theirs)")
        }
        #expect(compared > 15_000)
        #expect(accepted > 1_000)
    }

    /// The parts the server takes from `bytes`: up to the first head `RequestRefusal` refuses, which
    /// then ends them as refused.
    private static func servedParts(_ bytes: [UInt8]) -> [Parsed] {
        var parser = HTTPRequestParser(limits: limits)
        var buffer = ByteBuffer(bytes: bytes)
        var parts: [Parsed] = []
        do {
            while let part = try parser.next(from: &buffer) {
                if case .head(let head, let framing) = part,
                   RequestRefusal.refusal(ofParsed: head, declaredLength: framing.contentLength, limits: limits) != nil {
                    return parts + [.refused]
                }
                append(part, to: &parts)
            }
        } catch {
            parts.append(.refused)
        }
        return parts
    }

    private static func hasTrailingSpaces(_ bytes: [UInt8]) -> Bool {
        bytes.indices.dropFirst().contains {
            bytes[$0] == UInt8(ascii: "\r") && (bytes[$0 - 1] == UInt8(ascii: " ") || bytes[$0 - 1] == UInt8(ascii: "\t"))
        }
    }

    private static func hasLoneCROrLF(_ bytes: [UInt8]) -> Bool {
        bytes.indices.contains {
            bytes[$0] == UInt8(ascii: "\n") && ($0 == 0 || bytes[$0 - 1] != UInt8(ascii: "\r"))
                || bytes[$0] == UInt8(ascii: "\r") && ($0 == bytes.count - 1 || bytes[$0 + 1] != UInt8(ascii: "\n"))
        }
    }

    @Test(arguments: ["4;a", "4;a=b", "4;a=\"q\\\"x\"", "4;a;b=c", "4;a=\"\""])
    func chunkExtensionsAreSkipped(sizeLine: String) {
        let text = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\(sizeLine)\r\nabcd\r\n0\r\n\r\n"
        let (parts, error) = Self.parse([Array(text.utf8)])
        #expect(error == nil)
        #expect(parts.dropFirst() == [.body(Array("abcd".utf8)), .end(trailers: nil)])
    }

    @Test(arguments: ["4;", "4; a", "4 ;a", "4;a=", "4;a=\"open", "4;a=b c", "4;a=\"\u{1}\"", "4;a=\"x\"y"])
    func malformedChunkExtensionsAreRefused(sizeLine: String) {
        let text = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\(sizeLine)\r\nabcd\r\n0\r\n\r\n"
        #expect(Self.parse([Array(text.utf8)]).error == .invalidChunkSize)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: a\r\n\r\n", HTTPRequestParseError.malformed("a line ends with LF alone; end each line with CRLF")),
        ("GET  / HTTP/1.1\r\n\r\n", .malformed("the request target is empty, or holds a space or a control byte")),
        ("GET / HTTP/1.1 \r\n\r\n", .malformed("the request line does not end with an HTTP version (HTTP/1.1)")),
        ("GET / HTTP/11\r\n\r\n", .malformed("the request line does not end with an HTTP version (HTTP/1.1)")),
        ("G(T / HTTP/1.1\r\n\r\n", .malformed("the request line does not start with a method and one space")),
        ("GET /\u{1} HTTP/1.1\r\n\r\n", .malformed("the request target is empty, or holds a space or a control byte")),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", .malformed("a header field name is empty or not a token (no spaces before the colon)")),
        ("GET / HTTP/1.1\r\n: a\r\n\r\n", .malformed("a header field name is empty or not a token (no spaces before the colon)")),
        ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", .malformed("a field line starts with a space (obsolete line folding); send each field on one line")),
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", .malformed("a header field line has no colon")),
        ("GET / HTTP/1.1\r\nX: a\u{0}b\r\n\r\n", .malformed("a header field value holds a control byte")),
        ("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", .malformed("a header field value holds a control byte")),
        ("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", .bothBodyLengths),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n", .bothBodyLengths),
        ("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", .repeatedContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: 1 1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", .unsupportedTransferCoding),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .unsupportedTransferCoding),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", .unsupportedTransferCoding),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1x\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n", .invalidChunkSize),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcdef\r\n", .chunkOverrun),
    ])
    func refusesWhatTheRFCsRefuse(text: String, expected: HTTPRequestParseError) {
        #expect(Self.parse([Array(text.utf8)]).error == expected, "\(text.debugDescription)")
    }

    @Test func aRequestThatLeavesHTTP1EndsTheParsing() {
        let upgrade = "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n\u{0}\u{1}not http\r\n\r\n"
        let connect = "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\nContent-Length: 3\r\n\r\n\u{16}\u{3}\u{1}GET"
        for text in [upgrade, connect] {
            let (parts, error) = Self.parse([Array(text.utf8)])
            #expect(error == nil)
            #expect(parts.count == 2)
            #expect(parts.last == .end(trailers: nil))
        }
    }

    /// The limits, at and just past each one, whole and before the line ends.
    @Test func theLimitsAreCheckedAtTheirBoundsAndBeforeALineEnds() {
        let limits = RequestLimits(TestServer.config {
            $0.limitRequestLine = 40
            $0.limitRequestFields = 3
            $0.limitRequestFieldSize = 30
        })
        func line(_ length: Int) -> String { "GET /" + String(repeating: "a", count: length - 14) + " HTTP/1.1" }
        #expect(line(40).utf8.count == 40)
        #expect(Self.parse([Array((line(40) + "\r\n\r\n").utf8)], limits: limits).error == nil)
        #expect(Self.parse([Array((line(41) + "\r\n\r\n").utf8)], limits: limits).error == .requestLineTooLong)
        #expect(Self.parse([Array(line(41).utf8)], limits: limits).error == .requestLineTooLong)
        #expect(Self.parse([Array(line(40).utf8)], limits: limits).error == nil)

        let field30 = "X-Long: " + String(repeating: "v", count: 24)
        let ok = "GET / HTTP/1.1\r\n\(field30)\r\nA: 1\r\nB: 2\r\n\r\n"
        #expect(Self.parse([Array(ok.utf8)], limits: limits).error == nil)
        #expect(Self.parse([Array("GET / HTTP/1.1\r\n\(field30)v\r\n\r\n".utf8)], limits: limits).error == .fieldTooLarge)
        #expect(Self.parse([Array("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n".utf8)], limits: limits).error == .tooManyFields)
        let endless = "GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 400)
        #expect(Self.parse([Array(endless.utf8)], limits: limits).error == .fieldTooLarge)
        let trailers = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"
        #expect(Self.parse([Array(trailers.utf8)], limits: limits).error == .tooManyFields)
    }

    /// Bytes that cannot start a request are refused as they arrive, however they are split, and a
    /// request trickled a byte at a time is not.
    @Test(arguments: [
        #"{"texts": [{"text": "YOLO object detection"}, {"text": "MLOps"}]}"#,
        String(decoding: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03], as: UTF8.self),
        "GET /a\u{7F}",
        "GET / HTTP/1.1\rX",
    ])
    func bytesThatCannotStartARequestAreRefusedWhateverTheSplit(text: String) {
        let bytes = Array(text.utf8)
        #expect(Self.parse([bytes]).error != nil)
        for split in 1..<bytes.count {
            #expect(Self.parse([Array(bytes[..<split]), Array(bytes[split...])]).error != nil, "split at \(split)")
        }
        #expect(Self.parse(Array(Self.get.utf8).map { [$0] }).error == nil)
    }

    /// What the head's fields say of the body and of an expectation, handed on with it.
    @Test func theHeadComesWithItsDeclaredLengthAndExpectation() throws {
        var parser = HTTPRequestParser(limits: Self.limits)
        var bytes = ByteBuffer(string: "POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n")
        guard case .head(_, let framing)? = try parser.next(from: &bytes) else { Issue.record("no head"); return }
        #expect(framing.contentLength == 5 && framing.expectsContinue)
        var get = ByteBuffer(string: Self.get)
        var plain = HTTPRequestParser(limits: Self.limits)
        guard case .head(_, let none)? = try plain.next(from: &get) else { Issue.record("no head"); return }
        #expect(none.contentLength == nil && !none.expectsContinue)
    }

    /// Whether a request keeps its connection open is read from its fields as NIO reads it.
    @Test(arguments: ["1.0", "1.1"])
    func keepAliveIsReadAsNIOReadsIt(version: String) throws {
        let fields = [
            nil, "close", "keep-alive", "Close", "KEEP-ALIVE", "upgrade", "keep-alive, close", "close, keep-alive",
            " keep-alive ,te", "te,close", "closed", "keep-alive-x", "", ",",
        ]
        for field in fields {
            let head = "GET / HTTP/\(version)\r\nHost: a\r\n" + (field.map { "Connection: \($0)\r\n" } ?? "") + "\r\n"
            var bytes = ByteBuffer(string: head)
            var parser = HTTPRequestParser(limits: Self.limits)
            guard case .head(let parsed, let framing)? = try parser.next(from: &bytes) else {
                Issue.record("no head for \(head.debugDescription)")
                continue
            }
            #expect(framing.keepsAlive(parsed.version) == parsed.isKeepAlive, "\(head.debugDescription)")
        }
    }

    @Test func nothingIsParsedAfterAnError() throws {
        var parser = HTTPRequestParser(limits: Self.limits)
        var bad = ByteBuffer(string: "GET / HTTP/1.1\r\nBad Name: 1\r\n\r\n")
        #expect(throws: HTTPRequestParseError.self) { _ = try parser.next(from: &bad) }
        var good = ByteBuffer(string: Self.get)
        #expect(try parser.next(from: &good) == nil)
        #expect(good.readableBytes == 0)
    }
}
