import NIOCore

/// What the request handler tells the `ConnectionGuard` that owns it, by a direct call on the
/// connection's event loop: the guard's timers and its lingering close follow the request's progress.
enum RequestProgress {
    /// A request head was parsed, at `at`: the request handler owns the connection until it answers.
    case headReceived(at: NIODeadline)
    /// The whole request arrived (its body too): its answer is being made, which no client timeout bounds.
    case requestReceived
    /// A response was written, at `at`, and the connection stays open for the next request.
    case responseSent(at: NIODeadline)
    /// The last response was written: the guard closes the connection, lingering, once `written` completes.
    case lastResponseSent(written: EventLoopFuture<Void>)
    /// The request could not be parsed: the guard answers it, naming the cause, and closes.
    case malformed(HTTPRequestParseError)
}
