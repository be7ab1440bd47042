import Glibc
import NIOConcurrencyHelpers
import NIOCore
import SystemSupport

/// A small pool of threads per worker that runs a costly model's predictions off the event loops,
/// in micro-batches: a thread takes the waiting requests' texts, up to `batchMax`, calls `predict`
/// once on them and completes each request's promise (on that request's own event loop) with its own
/// texts' tags. While another thread's batch runs (texts are coming concurrently), the first text
/// waits at most `batchWait` for more; otherwise it starts at once, as one request at a time should.
///
/// The queue is bounded: a request that finds it full, or whose texts do not start within the
/// deadline, fails with `ComputePoolSaturated`, never waiting without end.
final class ComputePool: @unchecked Sendable {
    private struct Job {
        var texts: [String]
        var enqueued: UInt64
        var deadline: UInt64
        var promise: EventLoopPromise<[String]>
    }

    let settings: ComputePoolSettings
    private let predict: @Sendable ([String]) -> [String]
    private let observers: NIOLockedValueBox<@Sendable (ComputePoolEvent) -> Void>
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Waiting requests, oldest first, and the number of texts they hold; guarded by `mutex`.
    private var jobs: [Job] = []
    private var waitingTexts = 0
    /// Batches being computed now; guarded by `mutex`.
    private var runningBatches = 0

    /// Starts `settings.threads` threads calling `predict`.
    /// The pool lives as long as the worker process: its threads never end.
    init(settings: ComputePoolSettings, predict: @escaping @Sendable ([String]) -> [String]) {
        self.settings = settings
        self.predict = predict
        self.observers = NIOLockedValueBox({ _ in })
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        for index in 0..<max(settings.threads, 1) {
            DetachedThread.start(name: "compute \(index)") { [self] in
                Self.yieldToEventLoops()
                run()
            }
        }
    }

    /// Hands every later batch and refusal to `observe` (metrics registered once the pool runs).
    func observe(with observe: @escaping @Sendable (ComputePoolEvent) -> Void) {
        observers.withLockedValue { $0 = observe }
    }

    private func observe(_ event: ComputePoolEvent) {
        observers.withLockedValue { $0 }(event)
    }

    /// The tags of `texts`, in order, computed on a pool thread; fails with `ComputePoolSaturated`
    /// when the queue is full or the texts do not start within the deadline.
    func submit(_ texts: [String], on loop: any EventLoop) -> EventLoopFuture<[String]> {
        let promise = loop.makePromise(of: [String].self)
        let now = Self.now()
        pthread_mutex_lock(mutex)
        guard waitingTexts + texts.count <= settings.queueCapacity || jobs.isEmpty else {
            pthread_mutex_unlock(mutex)
            observe(.refused(.queueFull))
            promise.fail(ComputePoolSaturated(retryAfterSeconds: retryAfterSeconds))
            return promise.futureResult
        }
        jobs.append(Job(texts: texts, enqueued: now, deadline: now + UInt64(settings.queueDeadlineMilliseconds) * 1_000_000, promise: promise))
        waitingTexts += texts.count
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        return promise.futureResult
    }

    /// How much nicer than the event loops a compute thread runs.
    static let niceness: Int32 = 10

    /// Lowers the calling thread's priority by `niceness` (to at most 19), so that when texts keep
    /// every core busy the scheduler still runs an event loop as soon as it has a request to answer:
    /// `GET /` beside full inference load. Linux keeps a nice value per thread, and `who` 0 is the
    /// calling thread; a new thread starts with its creator's.
    private static func yieldToEventLoops() {
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        _ = setpriority(which, 0, min(getpriority(which, 0) + niceness, 19))
    }

    /// What `Retry-After` says: the deadline, rounded up to whole seconds.
    private var retryAfterSeconds: Int { max(1, (settings.queueDeadlineMilliseconds + 999) / 1000) }

    private func run() {
        while true {
            let batch = nextBatch()
            let now = Self.now()
            var live: [Job] = []
            for job in batch {
                if job.deadline < now {
                    observe(.refused(.deadline))
                    job.promise.fail(ComputePoolSaturated(retryAfterSeconds: retryAfterSeconds))
                } else {
                    live.append(job)
                }
            }
            guard !live.isEmpty else {
                batchFinished()
                continue
            }
            let texts = live.flatMap(\.texts)
            let started = Self.now()
            let tags = predict(texts)
            batchFinished()
            observe(.batch(texts: texts.count, seconds: Double(Self.now() - started) / 1e9))
            var offset = 0
            for job in live {
                job.promise.succeed(Array(tags[offset..<offset + job.texts.count]))
                offset += job.texts.count
            }
        }
    }

    /// Waits for a first job, then, while another batch runs, for more until `batchMax` texts wait or
    /// `batchWait` has passed since the oldest came, and takes whole jobs up to `batchMax` texts (a
    /// larger job goes alone).
    private func nextBatch() -> [Job] {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            while jobs.isEmpty { pthread_cond_wait(condition, mutex) }
            let until = jobs[0].enqueued + UInt64(settings.batchWaitMilliseconds) * 1_000_000
            guard runningBatches > 0, waitingTexts < settings.batchMax, Self.now() < until else { break }
            var deadline = timespec(tv_sec: Int(until / 1_000_000_000), tv_nsec: Int(until % 1_000_000_000))
            pthread_cond_timedwait(condition, mutex, &deadline)
        }
        var taken: [Job] = []
        var count = 0
        while let job = jobs.first, taken.isEmpty || count + job.texts.count <= settings.batchMax {
            taken.append(jobs.removeFirst())
            count += job.texts.count
        }
        waitingTexts -= count
        runningBatches += 1
        return taken
    }

    /// Counts a batch of `nextBatch()` done, and wakes a thread waiting for more texts: with no batch
    /// running, it starts with what it has.
    private func batchFinished() {
        pthread_mutex_lock(mutex)
        runningBatches -= 1
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// What a `ComputePool` did, for metrics.
enum ComputePoolEvent: Sendable {
    /// The model was called once on `texts` texts and took `seconds`.
    case batch(texts: Int, seconds: Double)
    /// A request was refused: the queue was full, or its texts could not start within the deadline.
    case refused(ComputePoolRefusal)
}

/// Why a `ComputePool` refused a request; the label of the saturation counter.
enum ComputePoolRefusal: String, Sendable, CaseIterable {
    case queueFull = "queue_full"
    case deadline
}

/// The compute pool could not start a request's texts in time: answered 503 with `Retry-After`.
struct ComputePoolSaturated: Error {
    var retryAfterSeconds: Int
}
