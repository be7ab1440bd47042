import NIOCore

extension Router {
    /// How a request is answered: at once, or later by a deferred route.
    enum Answer {
        /// The response, and the route that gave it (nil for 404 and 405).
        case now(Response, route: Route?)
        /// A deferred route's future response; a failed future is answered 500.
        case later(EventLoopFuture<Response>, route: Route)
    }

    /// Answers `request` (setting its path parameters) with its route's handler, or with FastAPI's 404
    /// or 405, so every protocol the server speaks answers through the same routes.
    func answer(_ request: inout Request, on loop: any EventLoop) -> Answer {
        switch match(request.method, path: request.path) {
        case .found(let found, let parameters):
            request.pathParameters = parameters
            if let deferred = found.deferred { return .later(deferred(request, loop), route: found) }
            return .now(found.handler(request), route: found)
        case .methodNotAllowed(let allowed):
            return .now(
                .detail(.methodNotAllowed, "Method Not Allowed", headers: ["allow": allowed.map(\.rawValue).joined(separator: ", ")]),
                route: nil)
        case .notFound:
            return .now(.detail(.notFound, "Not Found"), route: nil)
        }
    }

    /// The answer of a deferred route once its future completed.
    static func settled(_ result: Result<Response, any Error>) -> Response {
        (try? result.get()) ?? .detail(.internalServerError, "Internal Server Error")
    }
}
