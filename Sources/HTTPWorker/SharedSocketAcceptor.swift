import Dispatch
import FoundationEssentials
import Glibc
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SystemSupport

/// Accepts the connections of a listening socket that other processes may share, on a thread of its
/// own, and hands each one to the event loops.
///
/// With one socket shared by every worker, the kernel wakes each worker for a new connection and all
/// but one find nothing to accept. NIO's server channel takes such an empty wake-up for a broken
/// invariant (an assertion that stops a debug build); here it is the normal case and is ignored.
/// Every listening socket, adopted or bound, goes through this one path.
///
/// While the worker holds `worker_connections` connections it accepts none: they wait in the socket's
/// queue, where another worker sharing it takes them; it looks again every 10 ms.
///
/// Every worker's accepting thread wakes for each new connection, and whichever runs first would take
/// most of a burst: a client opening 64 connections at once left 5 on one worker and 61 on the
/// other. So a thread takes one connection a wake, and the next ones of the same wake only while
/// `HTTPServerHooks.leavesConnectionToOthers` says this worker holds no more than its fair share;
/// over it, the thread yields the processor and looks again, taking one more if the others have
/// not taken the queue by then. A stalled or full peer slows nothing: each look takes one.
final class SharedSocketAcceptor: Sendable {
    private let socket: any ListeningEndpoint
    /// A pipe whose read end wakes the accepting thread when `stopAndWait()` writes to it.
    private let wake: (read: CInt, write: CInt)
    private let makeBootstrap: @Sendable () -> ClientBootstrap
    private let logger: Logger
    private let slots: ConnectionSlots
    private let hooks: HTTPServerHooks
    /// Accepted connections not yet registered with their event loop.
    private let handoffs = DispatchGroup()
    /// Signalled when the accepting thread has left, with every connection it accepted registered.
    private let stopped = DispatchSemaphore(value: 0)

    private var fd: CInt { socket.fileDescriptor }

    /// Prepares to accept on `socket` into channels made by the bootstrap `makeBootstrap` returns.
    ///
    /// The socket is made non-blocking, so an accept that another process won returns at once.
    init(
        socket: any ListeningEndpoint, logger: Logger, slots: ConnectionSlots, hooks: HTTPServerHooks,
        makeBootstrap: @escaping @Sendable () -> ClientBootstrap
    ) throws(HTTPServerError) {
        let fd = socket.fileDescriptor
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw .cannotWatch(fd: fd, errno: errno) }
        var ends: [CInt] = [0, 0]
        guard pipe(&ends) == 0 else { throw .cannotWatch(fd: fd, errno: errno) }
        ends.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        self.socket = socket
        self.wake = (ends[0], ends[1])
        self.makeBootstrap = makeBootstrap
        self.logger = logger
        self.slots = slots
        self.hooks = hooks
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    /// Starts accepting on a new thread, which closes the socket when it stops.
    func start() {
        DetachedThread.start(name: "accept-\(fd)") { [self] in
            acceptUntilStopped()
            socket.close()
            handoffs.wait()
            stopped.signal()
        }
    }

    /// Tells the accepting thread to stop and waits until it has left, accepting the connections
    /// queued at that moment and closing the socket (new connections are refused from then on once no
    /// other process holds it), with every connection it accepted registered with its
    /// event loop and so tracked by the server. Only for a started acceptor; it blocks, so never call
    /// it on an event loop.
    func stopAndWait() {
        var byte: UInt8 = 0
        _ = write(wake.write, &byte, 1)
        stopped.wait()
    }

    private enum Outcome {
        /// The queue is empty, or this worker is full.
        case drained
        /// Left to another worker: this one holds more than its share.
        case leftToOthers
        /// Accepting failed for lack of descriptors or memory.
        case failed
    }

    private func acceptUntilStopped() {
        let bootstrap = makeBootstrap()
        var watched = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        while true {
            if slots.isFull {
                var wake = watched[1]
                if poll(&wake, 1, 10) != 0 { return }
                continue
            }
            let ready = poll(&watched, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return }
            if watched[1].revents != 0 {
                // Told to stop: take what the queue holds first, since closing the socket would reset it.
                _ = acceptQueued(into: bootstrap, yielding: false)
                return
            }
            switch acceptQueued(into: bootstrap, yielding: true) {
            case .drained:
                break
            case .leftToOthers:
                // Let the other workers' accepting threads run before looking again.
                sched_yield()
            case .failed:
                // Out of descriptors or memory: wait a little for some to be freed, unless told to stop.
                var wake = watched[1]
                if poll(&wake, 1, 100) != 0 { return }
            }
        }
    }

    /// Accepts every connection waiting in the queue; with `yielding`, the first whatever the share,
    /// and each later one only while this worker holds no more than its share.
    private func acceptQueued(into bootstrap: ClientBootstrap, yielding: Bool) -> Outcome {
        var first = true
        while true {
            if yielding, !first, hooks.leavesConnectionToOthers?() == true { return .leftToOthers }
            first = false
            guard slots.take() else { return .drained }
            let connection = accept(fd, nil, nil)
            if connection >= 0 {
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                hooks.connectionOpened?()
                handoffs.enter()
                bootstrap.withConnectedSocket(connection).whenComplete { [logger, handoffs, slots, hooks] result in
                    switch result {
                    case .success(let channel):
                        channel.closeFuture.whenComplete { _ in
                            slots.release()
                            hooks.connectionClosed?()
                        }
                    case .failure(let error):
                        slots.release()
                        hooks.connectionClosed?()
                        logger.error("could not serve an accepted connection: \(error)")
                    }
                    handoffs.leave()
                }
                continue
            }
            let failure = errno
            slots.release()
            switch failure {
            case EAGAIN, EWOULDBLOCK:
                return .drained
            case EINTR, ECONNABORTED, EPROTO:
                continue
            default:
                logger.error("accept on listening socket \(fd) failed (errno \(failure)); retrying in 100 ms")
                return .failed
            }
        }
    }
}
