import Dispatch
import Synchronization

/// Runs `body` on Swift's concurrency pool and blocks the calling thread until it returns.
///
/// The commands run on the process's main thread, which the supervisor and the worker's
/// start-up code need (process titles, signal dispositions, fork-safe spawning); only the
/// worker's HTTP server is asynchronous, and the main thread simply waits for it here.
func blockingAwait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let result = Mutex<Result<T, any Error>?>(nil)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}
