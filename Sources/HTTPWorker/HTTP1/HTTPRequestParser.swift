#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1

/// Parses the HTTP/1.1 requests of one connection from its bytes, in order, into heads, body slices
/// and ends (RFC 9112), refusing what the RFC says a server must refuse and what exceeds the limits,
/// each with its own `HTTPRequestParseError`.
///
/// It replaces NIO's decoder (llhttp behind a `ByteToMessageHandler`): that path cost about 9,000
/// instructions of a `GET /` before the request handler saw the request (callgrind), in the decoder's
/// callbacks, its byte-to-message buffering and the dynamic casts of each part through the pipeline.
/// Here the request handler takes the bytes and asks for the parts with `next(from:)`.
///
/// Lines end with CRLF (a bare LF is refused: a proxy that split lines otherwise would see another
/// request); field lines are `name: value`, a token and a value of visible bytes, spaces and tabs;
/// obsolete line folding is refused. A body is framed by one `Content-Length` or by `Transfer-Encoding`
/// ending in `chunked` (applied once), never by both; a chunk is followed by its CRLF. Empty lines
/// before a request line are skipped (RFC 9112, 2.2). After a request that leaves HTTP/1.1
/// (`CONNECT`, `Upgrade`), nothing more is parsed: the server answers it and closes.
///
/// A line is handled once it is complete: when a read ends inside one, the start is kept (at most
/// the line's limit) and the rest joined to it on the next read. Body bytes are handed on as slices
/// of the read, never copied.
public struct HTTPRequestParser {
    /// One part of a request, as the request handler takes them: a head with what its fields say of
    /// the body, a slice of the body (de-chunked), and the end with the trailer fields a chunked body
    /// had, if any.
    public enum Part {
        case head(HTTPRequestHead, BodyFraming)
        case body(ByteBuffer)
        case end(HTTPHeaders?)
    }

    private enum State {
        case requestLine
        case fields
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        /// The body was handed on whole (or there is none): the request's end is next.
        case endDue
        case chunkEnd
        case trailers
        /// After a request that leaves HTTP/1.1, or an error: nothing more is parsed.
        case stopped
    }

    private let limits: RequestLimits
    private var state = State.requestLine
    /// The start of a line that the last read ended inside of.
    private var partialLine: ByteBuffer?
    /// The head being read: its request line's parts, its fields and what they say of the body.
    private var method = HTTPMethod.GET
    private var target = ""
    private var version = HTTPVersion.http1_1
    /// The head's fields, made into `HTTPHeaders` once the head is complete: `HTTPHeaders.add`
    /// checks each name is ASCII byte by byte, which `field(_:limit:)` has made sure of (a token),
    /// about 350 instructions a field (callgrind).
    private var fields: [(String, String)] = []
    private var framing = BodyFraming()
    /// A chunked body's trailer fields, if it has any.
    private var trailers: HTTPHeaders?

    init(limits: RequestLimits) {
        self.limits = limits
    }

    /// A parser with the request limits of `settings`.
    public init(settings: HTTPSettings) {
        self.init(limits: RequestLimits(settings))
    }

    /// The next part of a request from `bytes`, which it reads from; nil when `bytes` holds no more
    /// of one (what is left of an unfinished line is kept for the next call). After an error it
    /// parses nothing more.
    public mutating func next(from bytes: inout ByteBuffer) throws(HTTPRequestParseError) -> Part? {
        do {
            return try parse(&bytes)
        } catch {
            state = .stopped
            partialLine = nil
            throw error
        }
    }

    private mutating func parse(_ bytes: inout ByteBuffer) throws(HTTPRequestParseError) -> Part? {
        if case .endDue = state { return end(trailers: nil) }
        while bytes.readableBytes > 0 {
            switch state {
            case .body(let remaining):
                let slice = bytes.readSlice(length: min(remaining, bytes.readableBytes))!
                state = slice.readableBytes == remaining ? .endDue : .body(remaining: remaining - slice.readableBytes)
                return .body(slice)
            case .chunkData(let remaining):
                let slice = bytes.readSlice(length: min(remaining, bytes.readableBytes))!
                state = slice.readableBytes == remaining ? .chunkEnd : .chunkData(remaining: remaining - slice.readableBytes)
                return .body(slice)
            case .stopped, .endDue:
                bytes.moveReaderIndex(to: bytes.writerIndex)
                return nil
            case .requestLine, .fields, .chunkSize, .chunkEnd, .trailers:
                guard let line = try nextLine(from: &bytes) else { return nil }
                if let part = try line.withUnsafeReadableBytes({ line throws(HTTPRequestParseError) in try take(line) }) {
                    return part
                }
            }
        }
        return nil
    }

    /// The request's end: the next request follows, unless this one left HTTP/1.1.
    private mutating func end(trailers: HTTPHeaders?) -> Part {
        state = framing.leavesHTTP ? .stopped : .requestLine
        return .end(trailers)
    }

    /// The next complete line of `bytes` without its CRLF, joined to the start kept from earlier
    /// reads; nil when the line does not end in `bytes`, whose bytes are then kept.
    private mutating func nextLine(from bytes: inout ByteBuffer) throws(HTTPRequestParseError) -> ByteBuffer? {
        let lineFeed = bytes.withUnsafeReadableBytes { bytes in
            memchr(bytes.baseAddress!, Int32(UInt8(ascii: "\n")), bytes.count).map {
                bytes.baseAddress!.distance(to: UnsafeRawPointer($0))
            }
        }
        guard let lineFeed else {
            try keep(&bytes)
            return nil
        }
        var line = bytes.readSlice(length: lineFeed + 1)!
        if var start = partialLine {
            partialLine = nil
            start.writeBuffer(&line)
            line = start
        }
        guard line.readableBytes >= 2, line.getInteger(at: line.writerIndex - 2, as: UInt8.self) == UInt8(ascii: "\r") else {
            throw .malformed("a line ends with LF alone; end each line with CRLF")
        }
        if line.readableBytes - 2 > lineLimit { throw lineTooLong }
        line.moveWriterIndex(to: line.writerIndex - 2)
        return line
    }

    /// Keeps the start of a line that does not end in `bytes` (copied: a slice would hold the whole
    /// read buffer), refusing it at once when it is already too long, when a CR in it is followed by
    /// another byte than LF, or when its first 32 bytes cannot start a request line (a TLS hello,
    /// garbage). Each check looks at the new bytes only, or at that start, so a client trickling a
    /// line byte by byte costs no more than one sending it whole.
    private mutating func keep(_ bytes: inout ByteBuffer) throws(HTTPRequestParseError) {
        let crLF = bytes.readableBytesView.dropLast().contains(UInt8(ascii: "\r"))
            || partialLine?.readableBytesView.last == UInt8(ascii: "\r")
        if partialLine == nil {
            partialLine = ByteBuffer()
            partialLine!.reserveCapacity(min(bytes.readableBytes, lineLimit + 1))
        }
        partialLine!.writeBuffer(&bytes)
        let line = partialLine!
        // The kept bytes may end with the line's CR.
        if line.readableBytes - (line.readableBytesView.last == UInt8(ascii: "\r") ? 1 : 0) > lineLimit { throw lineTooLong }
        if crLF { throw .malformed("a CR is not followed by LF; end each line with CRLF") }
        if case .requestLine = state,
           !line.withUnsafeReadableBytes({ Self.couldStartRequestLine(UnsafeRawBufferPointer(rebasing: $0.prefix(32))) }) {
            throw .malformed("the bytes received do not start a request line (METHOD /target HTTP/1.1)")
        }
    }

    /// The longest line the current state takes, without its CRLF.
    private var lineLimit: Int {
        switch state {
        case .requestLine: limits.requestLine
        // A field line adds the colon and optional spaces around the value to the name and value that
        // `fieldSize` bounds; a longer line is refused before it ends, the limit is checked when it does.
        case .fields, .trailers: limits.fieldSize + 256
        case .chunkSize: 1024
        case .chunkEnd, .body, .chunkData, .endDue, .stopped: 0
        }
    }

    private var lineTooLong: HTTPRequestParseError {
        switch state {
        case .requestLine: .requestLineTooLong
        case .fields, .trailers: .fieldTooLarge
        case .chunkEnd: .chunkOverrun
        default: .invalidChunkSize
        }
    }

    /// Takes one complete line in the current state; returns the part it completes, if any.
    private mutating func take(_ line: UnsafeRawBufferPointer) throws(HTTPRequestParseError) -> Part? {
        switch state {
        case .requestLine:
            // Empty lines before a request line are skipped (RFC 9112, 2.2).
            if line.isEmpty { return nil }
            try takeRequestLine(line)
            state = .fields
            return nil
        case .fields:
            if line.isEmpty { return try finishHead() }
            if fields.count == limits.fieldCount { throw .tooManyFields }
            let (name, value) = try Self.field(line, limit: limits.fieldSize)
            framing.note(name: name, value: value)
            fields.append((name, value))
            return nil
        case .chunkSize:
            let size = try Self.chunkSize(line)
            state = size == 0 ? .trailers : .chunkData(remaining: size)
            return nil
        case .chunkEnd:
            guard line.isEmpty else { throw .chunkOverrun }
            state = .chunkSize
            return nil
        case .trailers:
            if line.isEmpty {
                defer { trailers = nil }
                return end(trailers: trailers)
            }
            if (trailers?.count ?? 0) == limits.fieldCount { throw .tooManyFields }
            let (name, value) = try Self.field(line, limit: limits.fieldSize)
            if trailers == nil { trailers = HTTPHeaders() }
            trailers!.add(name: name, value: value)
            return nil
        case .body, .chunkData, .endDue, .stopped:
            return nil
        }
    }

    /// `method SP request-target SP HTTP-version`, one space apart.
    private mutating func takeRequestLine(_ line: UnsafeRawBufferPointer) throws(HTTPRequestParseError) {
        guard let methodEnd = line.firstIndex(of: UInt8(ascii: " ")), methodEnd > 0,
              line[..<methodEnd].allSatisfy(Self.isTokenByte)
        else { throw .malformed("the request line does not start with a method and one space") }
        let targetStart = methodEnd + 1
        let targetEnd = line[targetStart...].firstIndex(of: UInt8(ascii: " ")) ?? line.count
        guard targetEnd > targetStart, line[targetStart..<targetEnd].allSatisfy(Self.isTargetByte) else {
            throw .malformed("the request target is empty, or holds a space or a control byte")
        }
        if targetEnd == line.count { throw .versionNotSupported }
        // "HTTP/" DIGIT "." DIGIT, compared as one little-endian word with the digits masked out.
        guard line.count - targetEnd - 1 == 8,
              UInt64(littleEndian: line.loadUnaligned(fromByteOffset: targetEnd + 1, as: UInt64.self)) & 0x00FF_00FF_FFFF_FFFF == 0x002E_002F_5054_5448,
              let major = Self.digit(line[targetEnd + 6]), let minor = Self.digit(line[targetEnd + 8])
        else { throw .malformed("the request line does not end with an HTTP version (HTTP/1.1)") }
        method = Self.method(UnsafeRawBufferPointer(rebasing: line[..<methodEnd]))
        target = String(decoding: line[targetStart..<targetEnd], as: UTF8.self)
        version = HTTPVersion(major: major, minor: minor)
        // Room for a usual head's fields at once, where growing one by one reallocated three times.
        fields = []
        fields.reserveCapacity(8)
        framing = BodyFraming()
    }

    /// The head is complete: decides how its body is framed and hands it on.
    private mutating func finishHead() throws(HTTPRequestParseError) -> Part {
        let head = HTTPRequestHead(version: version, method: method, uri: target, headers: HTTPHeaders(fields))
        // The head owns them now; an idle connection keeps no copy of its last target (up to
        // `limit_request_line` bytes) or fields.
        target = ""
        fields = []
        if method == .CONNECT {
            framing.leavesHTTP = true
            state = .endDue
            return .head(head, framing)
        }
        switch try framing.body() {
        case .none: state = .endDue
        case .length(let length): state = .body(remaining: length)
        case .chunked: state = .chunkSize
        }
        return .head(head, framing)
    }

    /// A field line's name and value (without the spaces around it); refuses a name that is not a
    /// token, a value with a control byte, folding, and a name and value longer than `limit` together.
    private static func field(_ line: UnsafeRawBufferPointer, limit: Int) throws(HTTPRequestParseError) -> (String, String) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                throw .malformed("a field line starts with a space (obsolete line folding); send each field on one line")
            }
            throw .malformed("a header field line has no colon")
        }
        guard colon > 0, line[..<colon].allSatisfy(isTokenByte) else {
            throw .malformed("a header field name is empty or not a token (no spaces before the colon)")
        }
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        guard line[start..<end].allSatisfy(isValueByte) else {
            throw .malformed("a header field value holds a control byte")
        }
        if colon + (end - start) > limit { throw .fieldTooLarge }
        return (String(decoding: line[..<colon], as: UTF8.self), String(decoding: line[start..<end], as: UTF8.self))
    }

    /// A chunk-size line's size: hexadecimal digits, then any chunk extensions, which are checked and
    /// ignored (RFC 9112, 7.1.1: `;name` or `;name=value`, a token or a quoted string; without the
    /// optional spaces around `;` and `=`, which llhttp refuses too, so no client sends them).
    private static func chunkSize(_ line: UnsafeRawBufferPointer) throws(HTTPRequestParseError) -> Int {
        var size = 0
        var index = 0
        while index < line.count, let digit = hexDigit(line[index]) {
            guard size < 1 << 58 else { throw .invalidChunkSize }
            size = size << 4 | digit
            index += 1
        }
        guard index > 0, areChunkExtensions(UnsafeRawBufferPointer(rebasing: line[index...])) else { throw .invalidChunkSize }
        return size
    }

    private static func areChunkExtensions(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        func skipToken() -> Bool {
            let start = index
            while index < bytes.count, isTokenByte(bytes[index]) { index += 1 }
            return index > start
        }
        func skipQuotedString() -> Bool {
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""): index += 1; return true
                case UInt8(ascii: "\\"): index += 2
                case let byte where isValueByte(byte): index += 1
                default: return false
                }
            }
            return false
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: ";") else { return false }
            index += 1
            guard skipToken() else { return false }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            guard index < bytes.count,
                  bytes[index] == UInt8(ascii: "\"") ? skipQuotedString() : skipToken()
            else { return false }
        }
        return true
    }

    /// Whether `bytes`, a line not yet ended, may be the start of a request line (or of an empty line).
    private static func couldStartRequestLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bytes.count == 1, bytes[0] == UInt8(ascii: "\r") { return true }
        var index = bytes.firstIndex { !isTokenByte($0) } ?? bytes.count
        if index == bytes.count { return true }
        guard index > 0, bytes[index] == UInt8(ascii: " ") else { return false }
        index = bytes[(index + 1)...].firstIndex { !isTargetByte($0) } ?? bytes.count
        if index == bytes.count { return true }
        if bytes[index] == UInt8(ascii: "\r") { return index == bytes.count - 1 }
        guard bytes[index] == UInt8(ascii: " ") else { return false }
        let version = bytes[(index + 1)...]
        return version.count <= 9 && zip(version, "HTTP/0.0\r".utf8).allSatisfy { byte, pattern in
            pattern == UInt8(ascii: "0") ? digit(byte) != nil : byte == pattern
        }
    }

    /// The method, with the two this API serves most compared as bytes rather than as a `String`.
    private static func method(_ bytes: UnsafeRawBufferPointer) -> HTTPMethod {
        if bytes.count == 3, bytes[0] == UInt8(ascii: "G"), bytes[1] == UInt8(ascii: "E"), bytes[2] == UInt8(ascii: "T") {
            return .GET
        }
        if bytes.count == 4, UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)) == 0x5453_4F50 {  // "POST"
            return .POST
        }
        return HTTPMethod(rawValue: String(decoding: bytes, as: UTF8.self))
    }

    private static func digit(_ byte: UInt8) -> Int? {
        UInt8(ascii: "0")...UInt8(ascii: "9") ~= byte ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// tchar (RFC 9110, 5.6.2).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// A byte of a request target: visible ASCII (RFC 3986; anything else is percent-encoded).
    private static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }

    /// A byte of a field value: visible, a space, a tab or obs-text (RFC 9110, 5.5).
    private static func isValueByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == UInt8(ascii: "\t")
    }
}

/// What a head's fields say of its body, gathered field by field: its framing, whether the client
/// waits for `100 Continue`, whether it leaves HTTP/1.1, whether it keeps the connection open.
public struct BodyFraming: Sendable {
    enum Body: Equatable, Sendable {
        case none
        case length(Int)
        case chunked
    }

    /// The `Content-Length` the client declared, when valid.
    private(set) var contentLength: Int?
    /// An `Expect: 100-continue` field.
    private(set) var expectsContinue = false
    private var contentLengths = 0
    private var contentLengthValid = true
    private var transferCodings = 0
    private var chunkedCodings = 0
    private var lastCodingIsChunked = false
    /// The request asks to leave HTTP/1.1 (`CONNECT`, or an `Upgrade` field): nothing after it is parsed.
    var leavesHTTP = false
    /// `Connection` options: `close`, and `keep-alive`.
    private var connectionClose = false
    private var connectionKeepAlive = false

    /// Whether the client keeps the connection open after this request of `version`: not with
    /// `Connection: close`; an HTTP/1.0 client only with `Connection: keep-alive` (RFC 9112, 9.3),
    /// as NIO's `HTTPRequestHead.isKeepAlive` reads it, without looking through the fields again.
    func keepsAlive(_ version: HTTPVersion) -> Bool {
        !connectionClose && (connectionKeepAlive || version.minor > 0)
    }

    mutating func note(name: String, value: String) {
        switch name.utf8.count {
        case 10 where name.lowercased() == "connection":
            for option in value.split(separator: ",") {
                switch option.trimmingSpaces.lowercased() {
                case "close": connectionClose = true
                case "keep-alive": connectionKeepAlive = true
                default: break
                }
            }
        case 6 where name.lowercased() == "expect":
            expectsContinue = value.lowercased() == "100-continue"
        case 7 where name.lowercased() == "upgrade":
            leavesHTTP = true
        case 14 where name.lowercased() == "content-length":
            contentLengths += 1
            let digits = value.utf8
            if digits.isEmpty || digits.count > 18 || !digits.allSatisfy({ UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 }) {
                contentLengthValid = false
            } else {
                contentLength = Int(value)
            }
        case 17 where name.lowercased() == "transfer-encoding":
            for coding in value.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = coding.trimmingSpaces
                transferCodings += 1
                lastCodingIsChunked = trimmed.lowercased() == "chunked"
                if lastCodingIsChunked { chunkedCodings += 1 }
            }
        default:
            break
        }
    }

    /// How the body is framed; throws for framing a server must refuse (RFC 9112, 6).
    func body() throws(HTTPRequestParseError) -> Body {
        if transferCodings > 0 {
            if contentLengths > 0 { throw .bothBodyLengths }
            guard lastCodingIsChunked, chunkedCodings == 1 else { throw .unsupportedTransferCoding }
            return .chunked
        }
        if contentLengths > 1 { throw .repeatedContentLength }
        guard contentLengthValid else { throw .invalidContentLength }
        guard let contentLength, contentLength > 0 else { return .none }
        return .length(contentLength)
    }
}
