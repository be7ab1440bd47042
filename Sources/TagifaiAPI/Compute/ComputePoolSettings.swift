/// How a worker runs a costly model's predictions off its event loops (`ComputePool`).
public struct ComputePoolSettings: Sendable, Equatable {
    /// Threads per worker that call the model.
    public var threads = 2
    /// The most texts one call to the model takes.
    public var batchMax = 16
    /// How long the first text of a batch waits for more before the model is called, in milliseconds.
    public var batchWaitMilliseconds = 2
    /// How long a request may wait for its texts to start before it is answered 503, in milliseconds.
    public var queueDeadlineMilliseconds = 1000

    public init() {}

    /// The most texts waiting at once: what the threads can start within the deadline at one text
    /// per millisecond each, and never fewer than a full batch per thread.
    var queueCapacity: Int { max(threads * batchMax, threads * queueDeadlineMilliseconds) }
}
