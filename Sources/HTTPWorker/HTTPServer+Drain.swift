import NIOCore

extension HTTPServer {
    /// Stops accepting, finishes in-flight requests, closes keep-alive connections at their next request
    /// boundary, and returns once every connection is closed and the event loops have stopped.
    ///
    /// Every response from the start of the drain carries `Connection: close`; idle keep-alive
    /// connections are closed at once; a connection accepted but silent is closed by the header timeout.
    /// Connections already waiting in a listening socket's accept queue are accepted and served first
    /// (polled for up to a second), because closing the last descriptor of a socket resets them; with
    /// SO_REUSEPORT a socket's queue is this worker's alone. Connections still open after
    /// `gracefulTimeout` seconds are closed. Calling it again just waits for the same end.
    public func drain() async {
        let listeners = state.withLockedValue { state -> [Listener]? in
            guard !state.isDraining else { return nil }
            state.isDraining = true
            return state.listeners
        }
        guard let listeners else { return await run() }
        for loop in group.makeIterator() {
            let clock = contexts[ObjectIdentifier(loop)]!.clock
            try? await loop.submit { clock.isDraining = true }.get()
        }
        for listener in listeners {
            for _ in 0..<200 where ListenerDescriptor.hasQueuedConnections(listener.fd) {
                try? await Task.sleep(for: .milliseconds(5))
            }
            await listener.close()
        }
        let open = state.withLockedValue { Array($0.connections.values) }
        for channel in open {
            channel.pipeline.fireUserInboundEventTriggered(DrainEvent())
        }
        let deadline = group.next().scheduleTask(in: .seconds(Int64(config.gracefulTimeout))) { [self] in
            for channel in state.withLockedValue({ Array($0.connections.values) }) {
                channel.close(promise: nil)
            }
        }
        await withCheckedContinuation { continuation in
            let idle = state.withLockedValue { state in
                if !state.connections.isEmpty { state.connectionsClosed.append(continuation) }
                return state.connections.isEmpty
            }
            if idle { continuation.resume() }
        }
        deadline.cancel()
        await finish()
    }

    func track(_ channel: Channel) {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { $0.connections[id] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            let waiting = state.withLockedValue { state in
                state.connections[id] = nil
                guard state.connections.isEmpty else { return [CheckedContinuation<Void, Never>]() }
                defer { state.connectionsClosed = [] }
                return state.connectionsClosed
            }
            waiting.forEach { $0.resume() }
        }
    }

    private func finish() async {
        let ticks = state.withLockedValue { $0.ticks }
        ticks.forEach { $0.cancel() }
        accessLog?.flush()
        try? await group.shutdownGracefully()
        let waiting = state.withLockedValue { state in
            state.isFinished = true
            defer { state.finished = [] }
            return state.finished
        }
        waiting.forEach { $0.resume() }
    }
}
