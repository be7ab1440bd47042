import Dispatch
import FoundationEssentials
import Glibc
import Logging
import Synchronization
import SystemSupport

/// The control socket: accepts `tagifai ctl` connections on a thread of its own, serves each on a
/// thread of its own (at most `maximumConnections` at once), and hands each request to the
/// supervisor's loop through `inbox`.
///
/// The threads block the supervisor's signals, so they keep reaching the loop's self-pipe; they
/// only read, check the peer and write, and never touch the arbiter. A client that is slow to send
/// its request holds only its own thread, for `timeoutSeconds` at most.
final class ControlServer: Sendable {
    /// Seconds a client has to send its whole request line, and the supervisor to answer it.
    static let timeoutSeconds = 5
    /// Connections served at once; one more is answered at once that the server is busy.
    static let maximumConnections = 8

    let path: String
    let inbox: ControlInbox
    private let socket: ListeningSocket
    private let stopRead: CInt
    private let stopWrite: CInt
    private let finished = DispatchSemaphore(value: 0)
    private let started = Mutex(false)
    /// The connections being served, left when each is closed.
    private let connections = DispatchGroup()
    private let connectionCount = Mutex(0)

    /// Binds `path` with mode 0600, replacing a stale socket file; `takeOver` replaces a live one
    /// too (the USR2 successor takes the path from the supervisor it replaces).
    ///
    /// The mode comes from the umask around `bind`, which creates the file with it: no `chmod` of
    /// the path afterwards, which would follow whatever another process put there in between.
    /// `afterBind` runs between the bind and the change of owner (a seam for tests).
    init(
        path: String, takeOver: Bool, privileges: PrivilegeDrop, afterBind: () -> Void = {}
    ) throws(ControlSocketError) {
        self.path = path
        if takeOver, let existing = FileIdentity(path: path), existing.isSocket { unlink(path) }
        let savedMask = umask(0o177)
        defer { umask(savedMask) }
        do {
            socket = try ListeningSocket.bind(.unix(path: path), backlog: 16)
        } catch {
            switch error {
            case .unixPathInUse: throw .inUse(path: path)
            case .unixPathNotASocket: throw .notASocket(path: path)
            default: throw .systemCall("bind", path: path, errno: errno)
            }
        }
        afterBind()
        do {
            try privileges.changeOwner(ofPath: path)
            (stopRead, stopWrite) = try openPipe(nonBlockingRead: true, nonBlockingWrite: true)
            inbox = try ControlInbox()
        } catch {
            let code = errno
            socket.close()
            if let error = error as? ControlSocketError { throw error }
            throw .systemCall("\(error)", path: path, errno: code)
        }
    }

    /// Whether the socket file at `path` is still the one this server bound.
    var holdsPath: Bool { FileIdentity(path: path) == socket.socketFileIdentity }

    /// Starts the thread; peers other than `allowedUID` and root are answered with a refusal.
    func start(allowedUID: uid_t, logger: Logger) {
        started.withLock { $0 = true }
        DetachedThread.start(name: "control socket") { [self] in
            blockSupervisorSignals()
            serve(allowedUID: allowedUID, logger: logger)
            finished.signal()
        }
    }

    /// Stops accepting, lets a connection in progress finish (bounded by the timeouts) and removes
    /// the socket file, unless `keepSocketFile` (a USR2 successor has taken the path).
    func stop(keepSocketFile: Bool) {
        var byte: UInt8 = 1
        _ = write(stopWrite, &byte, 1)
        inbox.refuseFromNowOn(with: ControlAnswer.failure("the server is stopping"))
        if started.withLock({ $0 }) {
            _ = finished.wait(timeout: .now() + .seconds(2 * Self.timeoutSeconds))
            _ = connections.wait(timeout: .now() + .seconds(3 * Self.timeoutSeconds))
        }
        var socket = socket
        if keepSocketFile { socket.ownsSocketFile = false }
        socket.close()
        Glibc.close(stopRead)
        Glibc.close(stopWrite)
        inbox.close()
    }

    private func blockSupervisorSignals() {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for signal in SignalPipe.handled { sigaddset(&blocked, signal.number) }
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
    }

    private func serve(allowedUID: uid_t, logger: Logger) {
        while true {
            var fds = [pollfd(fd: socket.fileDescriptor, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { return }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            // accept4 is not in Glibc's Swift module; workers are spawned with an explicit fd list.
            let connection = accept(socket.fileDescriptor, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            _ = fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) & ~O_NONBLOCK)
            let admitted = connectionCount.withLock { count in
                guard count < Self.maximumConnections else { return false }
                count += 1
                return true
            }
            guard admitted else {
                let busy = [UInt8](ControlAnswer.failure(
                    "\(Self.maximumConnections) control connections are being served; try again")) + [UInt8(ascii: "\n")]
                _ = busy.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                Glibc.close(connection)
                continue
            }
            connections.enter()
            // Started from this thread, it inherits the blocked signals.
            DetachedThread.start(name: "control client") { [self] in
                ControlConnection(fileDescriptor: connection, socketPath: path)
                    .serve(allowedUID: allowedUID, inbox: inbox, logger: logger)
                Glibc.close(connection)
                connectionCount.withLock { $0 -= 1 }
                connections.leave()
            }
        }
    }
}
