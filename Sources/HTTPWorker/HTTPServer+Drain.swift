extension HTTPServer {
    /// Drains (see `startDraining()`) and returns once every connection is closed and the event loops
    /// have stopped. Calling it again just waits for the same end.
    public func drain() async {
        startDraining()
        await run()
    }

    /// Starts the drain and returns at once; `run()` or `waitUntilStopped()` waits for its end.
    ///
    /// Accepting stops, after each socket's queued connections are taken; no open connection is closed
    /// while it may be in use: its next response carries `Connection: close` and is followed by a
    /// lingering close, an idle one closes at the keep-alive timeout as in steady serving, and any
    /// still open after `graceful_timeout` is closed.
    public func startDraining() {
        lifecycle.startDraining()
    }
}
