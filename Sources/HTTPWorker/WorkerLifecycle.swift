import FoundationEssentials
import NIOConcurrencyHelpers
import NIOCore
import Synchronization
import SystemSupport

/// Owns a worker's life cycle: its phase (booting, serving, draining, stopped), the listeners and
/// connections the drain waits for, and the drain's steps. Nothing else decides whether the server drains.
///
/// The drain never closes a connection that may be in use. Accepting stops (each acceptor takes what
/// its socket has queued first); every response from then on carries `Connection: close` and is
/// followed by a lingering close; a connection left idle closes at the normal keep-alive timeout,
/// exactly as in steady serving; whatever is still open at `gracefulTimeout` is closed. The drain ends
/// when the last connection closes.
final class WorkerLifecycle: Sendable {
    private struct State {
        var phase = WorkerPhase.booting
        var listeners: [HTTPServer.Listener] = []
        var connections: [ObjectIdentifier: Channel] = [:]
        var ticks: [RepeatedTask] = []
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())
    /// Read on every response, without the lock: whether it must close its connection.
    private let draining = Atomic<Bool>(false)
    /// Whether no connection is open, for the drain thread to wait on (updated under `state`'s lock).
    private let noConnections = ConditionLock(value: true)
    /// Becomes true when the phase reaches `stopped`, for threads that wait blocking.
    private let stoppedLatch = ConditionLock(value: false)
    private let gracefulTimeout: TimeAmount
    private let phaseChanged: (@Sendable (WorkerPhase) -> Void)?
    /// Runs once the last connection closed, before `stopped` is reported (flushes the access log).
    private let finishing: @Sendable () -> Void

    init(gracefulTimeout: TimeAmount, phaseChanged: (@Sendable (WorkerPhase) -> Void)?, finishing: @escaping @Sendable () -> Void) {
        self.gracefulTimeout = gracefulTimeout
        self.phaseChanged = phaseChanged
        self.finishing = finishing
    }

    var phase: WorkerPhase { state.withLockedValue(\.phase) }

    /// Whether the drain has started, so a response must close its connection.
    var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// The repeated tasks (heartbeats) that stop with the server.
    func adopt(ticks: [RepeatedTask]) {
        state.withLockedValue { $0.ticks = ticks }
    }

    /// Adds a listener, unless the drain has started.
    func register(_ listener: HTTPServer.Listener) throws(HTTPServerError) {
        let accepted = state.withLockedValue { state in
            guard state.phase < .draining else { return false }
            state.listeners.append(listener)
            return true
        }
        if !accepted { throw .drained }
    }

    var listeners: [HTTPServer.Listener] { state.withLockedValue(\.listeners) }

    /// Booting to serving: the worker is ready. Does nothing once the drain has started.
    func serve() {
        let changed = state.withLockedValue { state in
            guard state.phase == .booting else { return false }
            state.phase = .serving
            return true
        }
        if changed { phaseChanged?(.serving) }
    }

    /// The connections open now.
    var openConnectionCount: Int { state.withLockedValue(\.connections.count) }

    /// Counts `channel` as open until it closes; the drain waits for it.
    func track(_ channel: Channel) {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { state in
            state.connections[id] = channel
            noConnections.lock()
            noConnections.unlock(withValue: false)
        }
        channel.closeFuture.whenComplete { [self] _ in
            state.withLockedValue { state in
                state.connections[id] = nil
                guard state.connections.isEmpty else { return }
                noConnections.lock()
                noConnections.unlock(withValue: true)
            }
        }
    }

    /// Starts the drain and returns at once; a second call does nothing.
    ///
    /// Its steps wait on the acceptors and on the connections on a thread of their own, so they
    /// progress while the caller's threads are busy or blocked.
    func startDraining() {
        let listeners = state.withLockedValue { state -> [HTTPServer.Listener]? in
            guard state.phase < .draining else { return nil }
            state.phase = .draining
            return state.listeners
        }
        guard let listeners else { return }
        draining.store(true, ordering: .relaxed)
        // HTTP/2 connections answer with GOAWAY and close once their open streams are done; HTTP/1.1
        // ones pass the event by and close after their next response, as `isDraining` makes them.
        state.withLockedValue { Array($0.connections.values) }.forEach {
            $0.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        phaseChanged?(.draining)
        let deadline = NIODeadline.now() + gracefulTimeout
        DetachedThread.start(name: "drain") { [self] in drain(listeners, until: deadline) }
    }

    private func drain(_ listeners: [HTTPServer.Listener], until deadline: NIODeadline) {
        listeners.forEach { $0.close() }
        if !waitForConnections(until: deadline) {
            state.withLockedValue { Array($0.connections.values) }.forEach { $0.close(promise: nil) }
            _ = waitForConnections(until: .now() + .seconds(5))
        }
        stop()
    }

    /// Waits until no connection is open or `deadline` passes; true when none is open.
    private func waitForConnections(until deadline: NIODeadline) -> Bool {
        let seconds = Double(max(0, (deadline - .now()).nanoseconds)) / 1e9
        guard noConnections.lock(whenValue: true, timeoutSeconds: seconds) else { return false }
        noConnections.unlock()
        return true
    }

    private func stop() {
        state.withLockedValue(\.ticks).forEach { $0.cancel() }
        finishing()
        let waiters = state.withLockedValue { state in
            state.phase = .stopped
            state.ticks = []
            defer { state.stopWaiters = [] }
            return state.stopWaiters
        }
        phaseChanged?(.stopped)
        stoppedLatch.lock()
        stoppedLatch.unlock(withValue: true)
        waiters.forEach { $0.resume() }
    }

    /// Blocks the calling thread until the phase is `stopped`; it needs no concurrency pool.
    func waitUntilStopped() {
        stoppedLatch.lock(whenValue: true)
        stoppedLatch.unlock()
    }

    /// Waits until the phase is `stopped`.
    func stopped() async {
        await withCheckedContinuation { continuation in
            let done = state.withLockedValue { state in
                if state.phase != .stopped { state.stopWaiters.append(continuation) }
                return state.phase == .stopped
            }
            if done { continuation.resume() }
        }
    }
}
