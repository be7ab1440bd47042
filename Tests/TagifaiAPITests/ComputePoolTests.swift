import Foundation
import Glibc
import HTTPWorker
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import TestSupport

@testable import TagifaiAPI

/// A costly model's `POST /predict`: off the event loop, in micro-batches, refused 503 when saturated.
@Suite(.timeLimit(.minutes(1))) struct ComputePoolTests {
    /// A model that takes `baseMilliseconds` plus `perTextMilliseconds` per text, tags each text
    /// `tag:TEXT` and records the size of every batch it is called with.
    final class SlowModel: Sendable {
        let baseMilliseconds: Int
        let perTextMilliseconds: Int
        private let sizes = NIOLockedValueBox<[Int]>([])

        init(baseMilliseconds: Int, perTextMilliseconds: Int = 0) {
            self.baseMilliseconds = baseMilliseconds
            self.perTextMilliseconds = perTextMilliseconds
        }

        var batchSizes: [Int] { sizes.withLockedValue { $0 } }

        /// Forgets the batches so far (the API predicts its OpenAPI example once when it is built).
        func forgetBatches() { sizes.withLockedValue { $0 = [] } }

        func predict(_ texts: [String]) -> [String] {
            sizes.withLockedValue { $0.append(texts.count) }
            usleep(useconds_t((baseMilliseconds + perTextMilliseconds * texts.count) * 1000))
            return texts.map { "tag:" + $0 }
        }
    }

    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

    static func pool(_ model: SlowModel, _ change: (inout ComputePoolSettings) -> Void) -> ComputePool {
        var settings = ComputePoolSettings()
        change(&settings)
        return ComputePool(settings: settings, predict: { model.predict($0) })
    }

    @Test func concurrentRequestsFormBatchesLargerThanOne() throws {
        let model = SlowModel(baseMilliseconds: 20)
        let pool = Self.pool(model) { $0.threads = 1; $0.batchMax = 8; $0.batchWaitMilliseconds = 200 }
        let futures = (0..<8).map { pool.submit(["text \($0)"], on: Self.group.next()) }
        for (index, future) in futures.enumerated() { #expect(try future.wait() == ["tag:text \(index)"]) }
        #expect(model.batchSizes.max() ?? 0 > 1, "batch sizes \(model.batchSizes)")
        #expect(model.batchSizes.allSatisfy { $0 <= 8 } && model.batchSizes.reduce(0, +) == 8)
    }

    @Test func everyRequestGetsItsOwnTextsTags() throws {
        let model = SlowModel(baseMilliseconds: 2, perTextMilliseconds: 1)
        let pool = Self.pool(model) { $0.threads = 2; $0.batchMax = 5; $0.batchWaitMilliseconds = 5 }
        let requests = (0..<40).map { request in (0...(request % 4)).map { "request \(request) text \($0)" } }
        let futures = requests.map { pool.submit($0, on: Self.group.next()) }
        for (texts, future) in zip(requests, futures) {
            #expect(try future.wait() == texts.map { "tag:" + $0 })
        }
        #expect(model.batchSizes.reduce(0, +) == requests.map(\.count).reduce(0, +))
        #expect(model.batchSizes.contains { $0 > 1 }, "batch sizes \(model.batchSizes)")
    }

    @Test func aRequestLargerThanABatchGoesAlone() throws {
        let model = SlowModel(baseMilliseconds: 1)
        let pool = Self.pool(model) { $0.threads = 1; $0.batchMax = 2 }
        let texts = (0..<5).map { "t\($0)" }
        #expect(try pool.submit(texts, on: Self.group.next()).wait() == texts.map { "tag:" + $0 })
        #expect(model.batchSizes == [5])
    }

    /// A request alone starts at once, whatever the batch wait: only while another batch runs are
    /// texts coming concurrently, worth waiting for. Here the wait is 30 s and the time limit 1 min.
    @Test func aRequestAloneDoesNotWaitForOthers() throws {
        let model = SlowModel(baseMilliseconds: 0)
        let pool = Self.pool(model) { $0.threads = 2; $0.batchMax = 16; $0.batchWaitMilliseconds = 30_000; $0.queueDeadlineMilliseconds = 60_000 }
        let started = ContinuousClock.now
        #expect(try pool.submit(["alone"], on: Self.group.next()).wait() == ["tag:alone"])
        #expect(try pool.submit(["again"], on: Self.group.next()).wait() == ["tag:again"])
        #expect(ContinuousClock.now - started < .seconds(15), "neither waited out the 30 s batch wait")
    }

    /// While one thread computes, the other waits for a full batch (here well within its 30 s wait).
    @Test func whileABatchRunsTheNextWaitsForMore() throws {
        let model = SlowModel(baseMilliseconds: 300)
        let pool = Self.pool(model) { $0.threads = 2; $0.batchMax = 3; $0.batchWaitMilliseconds = 30_000; $0.queueDeadlineMilliseconds = 60_000 }
        let first = pool.submit(["a"], on: Self.group.next())
        #expect(eventually(within: 5) { model.batchSizes == [1] })
        let rest = ["b", "c", "d"].map { pool.submit([$0], on: Self.group.next()) }
        #expect(try first.wait() == ["tag:a"])
        #expect(try rest.map { try $0.wait() } == [["tag:b"], ["tag:c"], ["tag:d"]])
        #expect(model.batchSizes == [1, 3])
    }

    /// The API over a costly stand-in model, and its `/predict` route's deferred handler.
    static func api(_ model: SlowModel, _ change: (inout ComputePoolSettings) -> Void)
        -> (api: TagifaiAPI, predict: Router.DeferredHandler)
    {
        var settings = APISettings()
        change(&settings.computePool)
        let served = ServedModel(
            performance: APIFixture.performance, args: APIFixture.args, classes: ["a", "b"],
            predict: { model.predict($0) }, isCostly: true)
        let api = TagifaiAPI(model: served, settings: settings)
        model.forgetBatches()
        var router = Router()
        api.register(in: &router)
        guard case .found(let route, _) = router.match(.POST, path: "/predict"), let deferred = route.deferred else {
            preconditionFailure("a costly model's /predict is deferred")
        }
        return (api, deferred)
    }

    static func request(_ texts: [String]) -> Request {
        let body = #"{"texts":["# + texts.map { #"{"text":""# + $0 + #""}"# }.joined(separator: ",") + "]}"
        return Request(method: .POST, uri: "/predict", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body))
    }

    @Test func aFullQueueAnswers503WithRetryAfterInTheEnvelope() throws {
        let model = SlowModel(baseMilliseconds: 300)
        let (_, predict) = Self.api(model) { $0.threads = 1; $0.batchMax = 1; $0.batchWaitMilliseconds = 0; $0.queueDeadlineMilliseconds = 50 }
        let loop = Self.group.next()
        let busy = predict(Self.request(["first"]), loop)
        #expect(eventually(within: 5) { model.batchSizes.count == 1 }, "the first request is being predicted")
        // It waits, but cannot start within its 50 ms while the first takes 300 ms.
        let late = predict(Self.request(["second"]), loop)
        // 50 texts fill what one thread may start within 50 ms; with one waiting, 50 more do not fit.
        let full = try predict(Self.request((0..<50).map { "t\($0)" }), loop).wait()
        #expect(full.status == .serviceUnavailable)
        #expect(full.headers.first(name: "Retry-After") == "1")
        let envelope = try APIFixture.json(full)
        #expect(envelope["status-code"] == .number("503"))
        #expect(envelope["message"] == .string(TagifaiAPI.saturatedMessage))
        #expect(envelope["data"] == .object([]))
        let lateAnswer = try late.wait()
        #expect(lateAnswer.status == .serviceUnavailable && lateAnswer.headers.first(name: "Retry-After") == "1")
        #expect(try busy.wait().status == .ok)
        #expect(model.batchSizes == [1], "the refused texts were never predicted")
    }

    @Test func thePoolReportsEachBatchAndEachRefusalWithItsReason() throws {
        let model = SlowModel(baseMilliseconds: 200)
        let pool = Self.pool(model) { $0.threads = 1; $0.batchMax = 1; $0.batchWaitMilliseconds = 0; $0.queueDeadlineMilliseconds = 20 }
        let events = NIOLockedValueBox<[String]>([])
        pool.observe { event in
            let line = switch event {
            case .batch(let texts, let seconds): "batch \(texts) \(seconds >= 0.2)"
            case .refused(let reason): "refused \(reason.rawValue)"
            }
            events.withLockedValue { $0.append(line) }
        }
        let first = pool.submit(["a"], on: Self.group.next())
        #expect(eventually(within: 5) { model.batchSizes.count == 1 })
        let late = pool.submit(["b"], on: Self.group.next())
        #expect(throws: ComputePoolSaturated.self) { try pool.submit((0..<20).map { "c\($0)" }, on: Self.group.next()).wait() }
        #expect(throws: ComputePoolSaturated.self) { try late.wait() }
        #expect(try first.wait() == ["tag:a"])
        #expect(eventually(within: 5) { events.withLockedValue { $0.count } == 3 })
        #expect(events.withLockedValue { $0 } == ["refused queue_full", "batch 1 true", "refused deadline"])
    }

    /// Compute threads run nicer than the rest of the process, so event loops win the cores.
    @Test func computeThreadsRunNicerThanTheEventLoops() throws {
        _ = Self.pool(SlowModel(baseMilliseconds: 0)) { $0.threads = 2 }
        /// The nice value of each thread named `compute N`: field 19 of its stat, the 17th after the
        /// name in brackets (which may hold spaces).
        func computeNiceness() -> [Int] {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            return tasks.compactMap { task in
                guard let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
                      name.hasPrefix("compute"),
                      let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8)
                else { return nil }
                return stat.split(separator: ")").last.flatMap { Int($0.split(separator: " ")[16]) } ?? -1
            }
        }
        let own = Int(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0))
        #expect(eventually(within: 5) {
            let niceness = computeNiceness()
            return niceness.count >= 2 && niceness.allSatisfy { $0 == min(own + Int(ComputePool.niceness), 19) }
        }, "compute threads' nice values: \(computeNiceness()), the test's thread's \(own)")
    }

    @Test func aValidRequestIsAnsweredWithItsTagsAndABadOneWithoutThePool() throws {
        let model = SlowModel(baseMilliseconds: 1)
        let (_, predict) = Self.api(model) { $0.threads = 1 }
        let loop = Self.group.next()
        let answer = try predict(Self.request(["alpha", "beta"]), loop).wait()
        #expect(answer.status == .ok)
        let predictions = try APIFixture.json(answer)["data"]?["predictions"]
        #expect(predictions == .array([
            .object([.init("input_text", .string("alpha")), .init("predicted_tag", .string("tag:alpha"))]),
            .object([.init("input_text", .string("beta")), .init("predicted_tag", .string("tag:beta"))]),
        ]))
        let refused = try predict(Request(method: .POST, uri: "/predict", body: ByteBuffer(string: "{}")), loop).wait()
        #expect(refused.status == .unprocessableEntity)
    }
}
