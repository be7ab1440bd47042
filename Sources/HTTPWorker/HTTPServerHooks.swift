import NIOHTTP1

/// Callbacks the process around the server plugs in, such as a heartbeat or request metrics.
///
/// Both are optional and cost nothing when nil; both run on an event loop, so they must not block.
public struct HTTPServerHooks: Sendable {
    /// Called about once a second on each event loop, with the loop's index; proves the loop is alive.
    public var tick: (@Sendable (_ loopIndex: Int) -> Void)?
    /// Called once per answered request, just before its response is written.
    public var requestCompleted: (@Sendable (CompletedRequest) -> Void)?

    public init(
        tick: (@Sendable (_ loopIndex: Int) -> Void)? = nil,
        requestCompleted: (@Sendable (CompletedRequest) -> Void)? = nil
    ) {
        self.tick = tick
        self.requestCompleted = requestCompleted
    }
}

/// What the server reports about one answered request.
public struct CompletedRequest: Sendable {
    /// The matched route's template (`/args/{arg}`), or nil when no route matched.
    public var route: String?
    /// The request method.
    public var method: HTTPMethod
    /// The response status code.
    public var status: Int
    /// Time from the complete request head to the response being ready to write.
    public var duration: Duration
}
