import NIOCore
import NIOHTTP1

/// What the request handler tells the `ConnectionGuard` below it, by a direct call on the connection's
/// event loop (a pipeline event would box it in an `Any`, walk two handlers and cast it back, twice a
/// request): the guard's timers and its lingering close follow the request's progress.
enum RequestProgress {
    /// A request head was parsed: the request handler owns the connection until it answers.
    case headReceived
    /// A response was written and the connection stays open for the next request.
    case responseSent
    /// The last response was written: the guard closes the connection, lingering, once `written` completes.
    case lastResponseSent(written: EventLoopFuture<Void>)
    /// The request could not be parsed: the guard answers it, naming the cause, and closes.
    case malformed(HTTPRequestParseError)
}

/// A refusal the `ConnectionGuard` wrote itself (a timeout, or a request that could not be
/// parsed), sent up the pipeline as an inbound user event so the request handler logs and counts it.
struct RequestRefused {
    /// The response the guard wrote; the connection closes after it.
    let response: Response
    /// When the first byte of the refused request arrived.
    let firstByte: NIODeadline
}

/// The `ConnectionGuard` closed a connection whose client took no byte of its pending output for
/// `send_timeout`; sent up the pipeline as an inbound user event so the request handler logs and counts it.
struct SendTimedOut {
    /// Response bytes the client never took.
    let pendingBytes: Int
    let timeout: TimeAmount
}
