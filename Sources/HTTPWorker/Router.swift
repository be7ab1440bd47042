import NIOCore
import NIOHTTP1
import Settings

/// Maps a method and a path to a handler, with `{name}` segments captured as path parameters.
///
/// Handlers are synchronous: they run on the connection's event loop, so they must not block. A
/// route whose answer takes long (`addDeferred`) hands the work elsewhere and answers with a future.
public struct Router: Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (Request) -> Response
    /// Answers one request later: called on the connection's event loop, which it must not block,
    /// with that loop; the server writes the response once the future succeeds (a failed future is
    /// answered 500).
    public typealias DeferredHandler = @Sendable (Request, any EventLoop) -> EventLoopFuture<Response>

    /// A registered route: its method, its template and the code that answers it.
    public struct Route: Sendable {
        public let method: HTTPMethod
        /// The path template, e.g. `/args/{arg}`; also the route's label in metrics.
        public let template: String
        /// The route's place in the router it was added to, kept by `filter(_:)`: a metrics index.
        public let index: Int
        public let handler: Handler
        /// The only clients the route answers, nil for every client (`add(_:_:allowing:handler:)`).
        public let allowedClients: IPAllowList?
        let segments: [Segment]
        /// When set, what answers the route instead of `handler` (`addDeferred`).
        public internal(set) var deferred: DeferredHandler? = nil
    }

    enum Segment: Sendable, Equatable {
        case literal(Substring)
        case parameter(String)
    }

    /// What a lookup found.
    public enum Match: Sendable {
        /// A route answers this method and path; `parameters` holds the captured segments.
        case found(Route, parameters: [String: String])
        /// The path is known but not for this method; `allowed` is for the `Allow` header.
        case methodNotAllowed(allowed: [HTTPMethod])
        /// No route has this path.
        case notFound
    }

    public internal(set) var routes: [Route] = []

    public init() {}

    /// Registers `handler` for `method` on `template`; `HEAD` is answered by every `GET` route.
    ///
    /// With `clients`, the route answers only clients whose address is in that list: for any other,
    /// the path is unknown (404). The client is the connection's peer, or the one a trusted proxy
    /// names (`forwarded_allow_ips`); a peer of a Unix socket counts as allowed, as only what the
    /// socket file's mode lets in can connect. A router passed to `HTTPServer.start(adopting:router:)`
    /// answers every client.
    public mutating func add(
        _ method: HTTPMethod, _ template: String, allowing clients: IPAllowList? = nil, handler: @escaping Handler
    ) {
        let segments = Self.split(Substring(template)).map { segment -> Segment in
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                return .parameter(String(segment.dropFirst().dropLast()))
            }
            return .literal(segment)
        }
        routes.append(Route(
            method: method, template: template, index: routes.count, handler: handler, allowedClients: clients,
            segments: segments))
    }

    /// Registers `handler`, which answers later, for `method` on `template`, as `add` does.
    public mutating func addDeferred(
        _ method: HTTPMethod, _ template: String, allowing clients: IPAllowList? = nil,
        handler: @escaping DeferredHandler
    ) {
        add(method, template, allowing: clients) { _ in .detail(.internalServerError, "Internal Server Error") }
        routes[routes.count - 1].deferred = handler
    }

    /// A router with only the routes `isIncluded` keeps, each keeping its `index`.
    ///
    /// For a listener that serves part of the application (metrics on their own address)
    /// while requests are still counted against the full router's routes.
    public func filter(_ isIncluded: (Route) -> Bool) -> Router {
        var kept = Router()
        kept.routes = routes.filter(isIncluded)
        return kept
    }

    /// Finds the route for `method` on `path` (percent-encoded, without the query).
    public func match(_ method: HTTPMethod, path: Substring) -> Match {
        let parts = Self.split(path)
        var allowed: [HTTPMethod] = []
        // Through a borrowed buffer, the parameters decoded for the found route only: `for route in
        // routes` copied each route it passed, retaining and releasing its fields, and made a
        // dictionary for each. Matching `POST /predict`, the sixth route, took 3,800 instructions
        // that way, 2,300 this way (callgrind).
        let found = routes.withUnsafeBufferPointer { routes -> Int? in
            for index in routes.indices where Self.matches(routes[index].segments, parts) {
                let routeMethod = routes[index].method
                if routeMethod == method || (method == .HEAD && routeMethod == .GET) { return index }
                for allowing in routeMethod == .GET ? [routeMethod, .HEAD] : [routeMethod]
                where !allowed.contains(allowing) {
                    allowed.append(allowing)
                }
            }
            return nil
        }
        if let found { return .found(routes[found], parameters: Self.parameters(routes[found].segments, parts)) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// The non-empty segments of `path` between its slashes.
    ///
    /// An ASCII path (every path a client percent-encodes) is split byte by byte: splitting by
    /// Character made a String of each one, about 150 instructions a character of the path
    /// (callgrind: 1,900 of a `GET /performance`). Any other is split by Character, as before, so a
    /// slash followed by a combining mark stays part of its segment.
    private static func split(_ path: Substring) -> [Substring] {
        guard path.isASCII else { return path.split(separator: "/", omittingEmptySubsequences: true) }
        var parts: [Substring] = []
        let utf8 = path.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/") {
                if start != index { parts.append(path[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { parts.append(path[start..<utf8.endIndex]) }
        return parts
    }

    /// Whether `parts` has as many segments as the template and each of its literals.
    private static func matches(_ segments: [Segment], _ parts: [Substring]) -> Bool {
        guard segments.count == parts.count else { return false }
        for (segment, part) in zip(segments, parts) {
            if case .literal(let literal) = segment, literal != part { return false }
        }
        return true
    }

    /// The percent-decoded parts at the template's `{name}` segments, by name.
    private static func parameters(_ segments: [Segment], _ parts: [Substring]) -> [String: String] {
        var parameters: [String: String] = [:]
        for case (.parameter(let name), let part) in zip(segments, parts) {
            parameters[name] = PercentDecoding.decode(part)
        }
        return parameters
    }
}
