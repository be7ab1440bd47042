import Glibc

/// A POSIX thread of its own for a long blocking loop (accepting, waiting for signals, draining),
/// started detached: nobody joins it, and it ends when its body returns.
public enum DetachedThread {
    private final class Start {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Runs `body` on a new thread named `name` (see `Prctl.setThreadName`).
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let start = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, CInt(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { argument in
            let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
            Prctl.setThreadName(start.name)
            start.body()
            return nil
        }, start)
        precondition(result == 0, "pthread_create failed for thread \(name): \(String(cString: strerror(result)))")
    }
}
