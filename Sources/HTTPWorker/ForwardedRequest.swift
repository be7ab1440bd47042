import NIOCore
import NIOHTTP1
import Settings

/// What the trusted proxies in front of the server said about one request: the client's address,
/// and the scheme and host the client used.
///
/// Read only on connections from a peer in `forwarded_allow_ips`. The rules, as gunicorn and
/// uvicorn have them:
/// - `X-Forwarded-*` win: when any of `X-Forwarded-For`, `-Proto` or `-Host` is present, `Forwarded`
///   is ignored as a whole. A proxy that sets `X-Forwarded-*` (nginx, most ingresses and balancers)
///   seldom touches `Forwarded`, so the one it passes on is the client's own and proves nothing;
/// - the client is the right-most address of `X-Forwarded-For` (or, without `X-Forwarded-*`, of
///   `Forwarded: for=`) that is not itself a trusted proxy, or the left-most when all are;
/// - the scheme and host are the right-most `X-Forwarded-Proto`/`X-Forwarded-Host` value (or, without
///   `X-Forwarded-*`, the right-most `proto=`/`host=` of `Forwarded`): what the nearest proxy said;
/// - a header that is malformed (an address that is not an IP, such as `unknown` or `_hidden`, a
///   scheme other than http or https, a host with characters no host has) is ignored as a whole,
///   and what the peer itself shows is used instead.
struct ForwardedRequest: Equatable {
    /// The client's IP address, as the proxy wrote it without brackets or port.
    var client: String?
    /// `http` or `https`.
    var scheme: String?
    /// `host` or `host:port`.
    var host: String?

    /// What `headers` say, or nil when they hold no forwarding header (without allocating) or only
    /// malformed ones.
    init?(_ headers: HTTPHeaders, trusting proxies: IPAllowList) {
        // One pass over the names first: most requests, even through a proxy, carry none of the four,
        // and looking each up by name took about 450 instructions a request (callgrind).
        guard headers.contains(where: { Self.isForwardingName($0.name) }) else { return nil }
        let forwarded = headers["forwarded"]
        let forwardedFor = headers["x-forwarded-for"]
        let forwardedProto = headers["x-forwarded-proto"]
        let forwardedHost = headers["x-forwarded-host"]
        guard !(forwarded.isEmpty && forwardedFor.isEmpty && forwardedProto.isEmpty && forwardedHost.isEmpty) else {
            return nil
        }
        if forwardedFor.isEmpty && forwardedProto.isEmpty && forwardedHost.isEmpty {
            guard let elements = ForwardedElements(forwarded) else { return nil }
            client = Self.client(of: elements.nodes, trusting: proxies)
            scheme = elements.proto.flatMap(Self.scheme)
            host = elements.host.flatMap(Self.host)
        } else {
            client = Self.client(of: Self.listItems(forwardedFor), trusting: proxies)
            scheme = Self.listItems(forwardedProto).last.flatMap(Self.scheme)
            host = Self.listItems(forwardedHost).last.flatMap(Self.host)
        }
        guard client != nil || scheme != nil || host != nil else { return nil }
    }

    /// Whether `name` is, in any case, one of the four headers read here.
    private static func isForwardingName(_ name: String) -> Bool {
        switch name.utf8.count {
        case 9, 15, 16, 17:
            let lowered = name.lowercased()
            return lowered == "forwarded" || lowered == "x-forwarded-for" || lowered == "x-forwarded-host"
                || lowered == "x-forwarded-proto"
        default:
            return false
        }
    }

    /// The comma-separated items of every line of one header, in order, trimmed; an empty item is kept
    /// (`https,` ends with one: the nearest proxy said nothing), and is not a scheme, host or address.
    private static func listItems(_ lines: [String]) -> [Substring] {
        lines.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(\.trimmingSpaces) }
    }

    /// The right-most node that is not a trusted proxy, the left-most when all are; nil when the chain
    /// is empty or a node met on the way is not an IP address.
    private static func client(of chain: [Substring], trusting proxies: IPAllowList) -> String? {
        var client: String?
        for node in chain.reversed() {
            let text = String(Self.address(ofNode: node))
            guard let address = IPAddressValue(parsing: text) else { return nil }
            client = text
            if !proxies.contains(address) { break }
        }
        return client
    }

    /// The address part of a node: `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
    private static func address(ofNode node: Substring) -> Substring {
        if node.hasPrefix("[") {
            guard let close = node.firstIndex(of: "]") else { return node }
            return node[node.index(after: node.startIndex)..<close]
        }
        let colons = node.lazy.filter { $0 == ":" }.count
        if colons == 1, let colon = node.firstIndex(of: ":") { return node[..<colon] }
        return node
    }

    private static func scheme(_ text: Substring) -> String? {
        switch text.lowercased() {
        case "http": "http"
        case "https": "https"
        default: nil
        }
    }

    /// `text` when it can be a URL's host and port: a name, an IPv4 or bracketed IPv6 address.
    private static func host(_ text: Substring) -> String? {
        guard (1...255).contains(text.utf8.count),
              text.utf8.allSatisfy({ byte in
                  (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                      || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                      || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
              })
        else { return nil }
        return String(text)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = self[start...].lastIndex { $0 != " " && $0 != "\t" }.map(index(after:)) ?? start
        return self[start..<end]
    }
}

extension Request {
    /// The request a connection received: `head` and `body`, addressed to what a trusted proxy said
    /// (`forwarded`), else to the `Host` header (or `:authority`, which NIOHTTP2 gives as `host`),
    /// else to `localHost`, by `scheme` unless the proxy said otherwise.
    init(head: HTTPRequestHead, body: ByteBuffer, forwarded: ForwardedRequest?, localHost: String, scheme: String) {
        self.init(
            method: head.method, uri: head.uri, headers: head.headers, body: body,
            host: forwarded?.host ?? head.headers.first(name: "host") ?? localHost, scheme: forwarded?.scheme ?? scheme)
    }
}
