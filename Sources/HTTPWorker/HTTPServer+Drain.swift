import Dispatch
import Foundation
import Glibc
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
        startDraining()
        await run()
    }

    /// Starts the drain `drain()` describes and returns at once; `run()` waits for its end.
    ///
    /// The drain's steps wait on the event loops and on the clock on a thread of their own, so they
    /// progress even while every thread of the caller's concurrency pool is busy or blocked.
    public func startDraining() {
        let listeners = state.withLockedValue { state -> [Listener]? in
            guard !state.isDraining else { return nil }
            state.isDraining = true
            return state.listeners
        }
        guard let listeners else { return }
        let thread = Thread { [self] in drain(listeners) }
        thread.name = "drain"
        thread.start()
    }

    private func drain(_ listeners: [Listener]) {
        for loop in group.makeIterator() {
            let clock = contexts[ObjectIdentifier(loop)]!.clock
            try? loop.submit { clock.isDraining = true }.wait()
        }
        for listener in listeners {
            for _ in 0..<200 where listener.socket.hasQueuedConnections {
                usleep(5_000)
            }
            listener.close()
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
        let closed = DispatchSemaphore(value: 0)
        let idle = state.withLockedValue { state in
            if !state.connections.isEmpty { state.connectionsClosed.append(closed) }
            return state.connections.isEmpty
        }
        if !idle { closed.wait() }
        deadline.cancel()
        finish()
    }

    func track(_ channel: Channel) {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { $0.connections[id] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            let waiting = state.withLockedValue { state in
                state.connections[id] = nil
                guard state.connections.isEmpty else { return [DispatchSemaphore]() }
                defer { state.connectionsClosed = [] }
                return state.connectionsClosed
            }
            waiting.forEach { $0.signal() }
        }
    }

    private func finish() {
        let ticks = state.withLockedValue { $0.ticks }
        ticks.forEach { $0.cancel() }
        accessLog?.flush()
        try? group.syncShutdownGracefully()
        let waiting = state.withLockedValue { state in
            state.isFinished = true
            defer { state.finished = [] }
            return state.finished
        }
        waiting.forEach { $0.resume() }
    }
}
