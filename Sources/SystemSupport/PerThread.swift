import Glibc

/// One `Value` for each thread that asks: made by `make` on the thread's first `current`, and
/// released when that thread exits. Keep it in a `static let`: its thread key lives as long as the
/// process.
public final class PerThread<Value: AnyObject>: Sendable {
    @usableFromInline let key: pthread_key_t
    @usableFromInline let make: @Sendable () -> Value

    public init(make: @escaping @Sendable () -> Value) {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { stored in
            guard let stored else { return }
            Unmanaged<AnyObject>.fromOpaque(stored).release()
        }
        precondition(status == 0, "pthread_key_create failed: \(String(cString: strerror(status)))")
        self.key = key
        self.make = make
    }

    /// The calling thread's value.
    @inlinable
    public var current: Value {
        if let stored = pthread_getspecific(key) {
            return Unmanaged<Value>.fromOpaque(stored).takeUnretainedValue()
        }
        let made = make()
        pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
        return made
    }
}
