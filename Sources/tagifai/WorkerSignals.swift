import FoundationEssentials
import Glibc
import Prefork
import SystemSupport

/// The signals a worker answers, taken with `sigwait` by a thread of its own: TERM drains, USR1
/// reopens the logs, INT and QUIT stop at once.
///
/// `block()` runs first on the main thread, before any other thread exists, so every later thread
/// inherits the mask: a signal that arrives while the worker boots stays pending until `start` takes
/// it, rather than killing a worker that already accepts. No Dispatch: its global-queue threads try to
/// raise their priority, which a non-root user or `SystemCallFilter=~@resources` refuses, and each
/// refusal is logged.
enum WorkerSignals {
    static let handled: [CInt] = [SIGTERM, SIGUSR1, SIGINT, SIGQUIT]

    private static var set: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for number in handled { sigaddset(&set, number) }
        return set
    }

    /// Blocks the handled signals in the calling thread and so in every thread it starts later.
    static func block() {
        var blocked = set
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
    }

    /// Starts the thread that waits for the handled signals and runs the matching handler there.
    static func start(
        drain: @escaping @Sendable () -> Void,
        reopenLogs: @escaping @Sendable () -> Void,
        stopNow: @escaping @Sendable () -> Void
    ) {
        DetachedThread.start(name: "signals") {
            var waited = set
            while true {
                var number: CInt = 0
                guard sigwait(&waited, &number) == 0 else { continue }
                switch number {
                case SIGTERM: drain()
                case SIGUSR1: reopenLogs()
                default: stopNow()
                }
            }
        }
    }
}
