import Foundation

/// Connects to a test server over and over on its own thread, counting answers and failures.
///
/// Each question starts when the previous one is answered (or fails), so the server's answers pace
/// the loop: there is no pause to tune.
final class LoopingClient: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var answeredCount = 0
    private var failedCount = 0
    private var seenGenerations: Set<Int> = []
    private let finished = DispatchSemaphore(value: 0)

    init(server: TestServer) {
        nonisolated(unsafe) let server = server
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                let answer = server.ask()
                lock.withLock {
                    if let answer {
                        answeredCount += 1
                        seenGenerations.insert(answer.generation)
                    } else {
                        failedCount += 1
                    }
                }
            }
            finished.signal()
        }
    }

    var answered: Int { lock.withLock { answeredCount } }

    /// Stops the loop and returns what it saw.
    func stop() -> (answered: Int, failed: Int, generations: Set<Int>) {
        lock.withLock { running = false }
        finished.wait()
        return lock.withLock { (answeredCount, failedCount, seenGenerations) }
    }
}
