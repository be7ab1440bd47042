import Glibc

nonisolated(unsafe) private var signalPipeWriteEnd: CInt = -1

private func forwardSignal(_ number: CInt) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = savedErrno
}

/// Turns the supervisor's signals into bytes on a pipe its poll loop wakes on (the self-pipe trick).
///
/// swift-service-lifecycle's signal sequence has no CHLD, TTIN or TTOU, and a signalfd
/// needs the signals blocked in every thread, which a process with runtime threads cannot promise.
/// The signals are unblocked in the calling thread, since a parent may have started us with them blocked.
final class SignalPipe {
    /// The signals the supervisor handles.
    static let handled: [ProcessSignal] = [.term, .int, .quit, .hup, .ttin, .ttou, .usr1, .usr2, .chld]

    let readEnd: CInt
    private let writeEnd: CInt

    init() throws(SupervisorError) {
        (readEnd, writeEnd) = try openPipe(nonBlockingRead: true, nonBlockingWrite: true)
        signalPipeWriteEnd = writeEnd
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signal in Self.handled { sigaddset(&unblocked, signal.number) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for signal in Self.handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = forwardSignal
            action.sa_flags = SA_RESTART | (signal == .chld ? SA_NOCLDSTOP : 0)
            sigemptyset(&action.sa_mask)
            sigaction(signal.number, &action, nil)
        }
    }

    /// Signals received since the last call, in order.
    func drain() -> [ProcessSignal] {
        var received: [ProcessSignal] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            guard count > 0 else { return received }
            received += buffer.prefix(count).compactMap { ProcessSignal(number: CInt($0)) }
        }
    }

    /// Restores the default dispositions and closes the pipe.
    func close() {
        for signal in Self.handled { Glibc.signal(signal.number, SIG_DFL) }
        signalPipeWriteEnd = -1
        Glibc.close(readEnd)
        Glibc.close(writeEnd)
    }
}
