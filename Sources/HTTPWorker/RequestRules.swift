import NIOHTTP1

/// The rules of RFC 9112 and RFC 9110 that a server must refuse a request for breaking (400), beyond
/// what `HTTPRequestParser` already refuses; each message names the rule and what to send instead.
///
/// - A request-target is origin-form (`/path?query`), absolute-form (`http://host/path`), asterisk-form
///   (`*`) only with OPTIONS, or authority-form (`host:port`) only with CONNECT (RFC 9112, 3.2); it
///   never holds a fragment (`#`), which a client must not send (RFC 9110, 4.2.4 and 7.1).
/// - An HTTP/1.1 request has exactly one `Host` field; any request has at most one, and its value is
///   a host with an optional port, or empty (RFC 9112, 3.2).
/// - A chunked body's trailer section holds no field that frames, routes or describes the message
///   (RFC 9110, 6.5.1), as gunicorn refuses them: a proxy that merged it into the head would change
///   the request.
/// - An HTTP/1.0 request carries no `Transfer-Encoding` (RFC 9112, 6.1: chunked framing cannot be
///   trusted from a client of that version, and only request smuggling sends it). The connection closes
///   after the refusal, so the body it announced is never parsed as a request.
enum RequestRules {
    /// The rule `head` breaks, as the message to answer it with, or nil when it keeps them all.
    static func brokenRule(of head: HTTPRequestHead) -> String? {
        if let target = brokenTarget(head.uri, method: head.method) { return target }
        var hosts = 0
        for (name, value) in head.headers where isHostName(name) {
            hosts += 1
            if !isHost(value) { return "The Host header field is not a host with an optional port." }
        }
        if hosts > 1 {
            return "A request must have one Host header field, not \(hosts)."
        }
        if hosts == 0, head.version.minor >= 1 {
            return "An HTTP/1.1 request must have a Host header field (RFC 9112, 3.2); send Host: <host>[:<port>]."
        }
        // Over HTTP/2 (2.0) NIOHTTP2's codec adds Transfer-Encoding itself to a body without a length.
        if head.version.minor == 0, head.version.major == 1, head.headers.contains(name: "transfer-encoding") {
            return "An HTTP/1.0 request must not have Transfer-Encoding; send Content-Length, or use HTTP/1.1."
        }
        return nil
    }

    /// The message for a trailer section holding a field that must not be sent as a trailer, or nil.
    static func forbiddenTrailer(in trailers: HTTPHeaders) -> String? {
        for (name, _) in trailers where forbiddenTrailerNames.contains(name.lowercased()) {
            return "The trailer field \(name) is not allowed after a chunked body; send it in the head."
        }
        return nil
    }

    private static let forbiddenTrailerNames: Set<String> = [
        "transfer-encoding", "content-length", "host", "content-type", "content-encoding", "content-range",
        "trailer", "te", "connection", "keep-alive", "upgrade", "expect", "authorization", "cookie",
        "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
    ]

    private static func brokenTarget(_ target: String, method: HTTPMethod) -> String? {
        if target.utf8.contains(UInt8(ascii: "#")) {
            return "The request target must not contain a fragment (#...); a client sends none."
        }
        if target == "*" {
            return method == .OPTIONS ? nil : "The asterisk-form target (*) is only for OPTIONS."
        }
        if target.utf8.first == UInt8(ascii: "/") || Request.splitAbsoluteForm(target) != nil || method == .CONNECT {
            return nil
        }
        return "The request target must be a path starting with / or an http or https URL."
    }

    /// Whether a field is named `Host`, in any case, without allocating.
    ///
    /// The four bytes, each with the ASCII lowercase bit set, are compared as one word read from the
    /// string's storage: iterating its UTF-8 view took about 200 instructions a field (callgrind).
    private static func isHostName(_ name: String) -> Bool {
        guard name.utf8.count == 4 else { return false }
        let word = name.utf8.withContiguousStorageIfAvailable {
            UInt32(littleEndian: UnsafeRawBufferPointer($0).loadUnaligned(as: UInt32.self))
        }
        return word.map { $0 | 0x2020_2020 == 0x7473_6F68 } ?? (name.lowercased() == "host")  // "host"
    }

    /// Whether `value` is empty or a host (reg-name, IPv4 or bracketed IPv6) with an optional port:
    /// no spaces, no `/`, `?`, `#` or `@`, no control bytes.
    private static func isHost(_ value: String) -> Bool {
        value.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(isHostByte) } ?? value.utf8.allSatisfy(isHostByte)
    }

    /// Whether `byte` may be in a host and port: letters, digits, `-._~%:[]!$&'()*+,;=`. One bit per
    /// byte in two words (bytes 0–63, then 64–127; `RequestRulesTests` checks them against those
    /// characters), tested without a branch per range (about 30 instructions a byte, callgrind); the
    /// words are literals, since a `static let` is a lazy global checked at each use.
    static func isHostByte(_ byte: UInt8) -> Bool {
        byte < 64 ? 0x2FFF_7FF2_0000_0000 >> UInt64(byte) & 1 != 0 : byte < 128 && 0x47FF_FFFE_AFFF_FFFE >> UInt64(byte - 64) & 1 != 0
    }
}
