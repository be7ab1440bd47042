import Dispatch
import Glibc

/// The signals a worker answers, handled on a Dispatch queue rather than in a signal handler:
/// TERM drains, USR1 reopens the logs, INT and QUIT stop at once.
final class WorkerSignals {
    private let sources: [DispatchSourceSignal]

    init(drain: @escaping @Sendable () -> Void, reopenLogs: @escaping @Sendable () -> Void, stopNow: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "tagifai.worker.signals")
        let handlers: [(CInt, @Sendable () -> Void)] = [
            (SIGTERM, drain), (SIGUSR1, reopenLogs), (SIGINT, stopNow), (SIGQUIT, stopNow),
        ]
        sources = handlers.map { signalNumber, handler in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
