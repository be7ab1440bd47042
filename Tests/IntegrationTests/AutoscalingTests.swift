import Foundation
import Testing
import TestSupport

/// `workers_max` on a real server: a busy worker brings a second one, and once the load stops the
/// server goes back to its floor, without a failed request.
@Suite(.timeLimit(.minutes(3)), .serialized) struct AutoscalingTests {
    /// The status's `autoscaling` object and its ready workers.
    private func reading(_ server: ControlSocketTests.Controlled) -> (wanted: Int, ready: Int, bounds: [Int])? {
        guard let status = try? server.status(), let scaling = status["autoscaling"] as? [String: Any],
              let workers = status["workers"] as? [[String: Any]] else { return nil }
        return (scaling["workers"] as? Int ?? -1, workers.count { $0["state"] as? String == "ready" },
                [scaling["min"] as? Int ?? -1, scaling["max"] as? Int ?? -1])
    }

    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount >= 2, "a second worker needs a second CPU"))
    func aBusyWorkerBringsASecondOneThatIsRetiredOnceIdle() throws {
        let scratch = try ScratchFolder()
        let errorlog = scratch.path("error.log")
        let server = try ControlSocketTests.Controlled(
            workers: 1, arguments: ["--set", "workers_max=2", "--set", "scale_up_seconds=2", "--set", "scale_down_seconds=3"],
            errorlog: errorlog, scratch: scratch)
        #expect(reading(server).map { [$0.wanted] + $0.bounds } == [1, 1, 2])
        let bounds = metricSamples(try server.server.metricsText())
        #expect([bounds["tagifai_workers_floor"], bounds["tagifai_workers_max"]] == [1, 2])
        let texts = (0..<40).map { #"{"text": "Transfer learning with transformers for text classification, number \#($0)."}"# }
        let body = #"{"texts": [\#(texts.joined(separator: ","))]}"#
        let loads = (0..<4).map { _ in
            HTTPTrafficLoop(tally: HTTPTraffic()) { _, record in
                HTTPTrafficLoop.record("/predict", record) { try server.server.predict(body) }
            }
        }
        var stopped = false
        defer { if !stopped { loads.forEach { _ = $0.stop() } } }
        #expect(eventually(within: 60) { reading(server).map { $0.wanted == 2 && $0.ready == 2 } == true },
                "\(String(describing: reading(server))) \(server.server.log.suffix(2000))")
        #expect(server.server.log.contains("scaling up to 2 worker(s): "))
        let outcomes = loads.map { $0.stop() }
        stopped = true
        #expect(outcomes.allSatisfy { $0.failures.isEmpty }, "\(outcomes.flatMap(\.failures).prefix(5))")
        #expect(outcomes.reduce(0) { $0 + $1.answered } > 0)
        #expect(eventually(within: 60) { reading(server).map { $0.wanted == 1 && $0.ready == 1 } == true },
                "\(String(describing: reading(server))) \(server.server.log.suffix(2000))")
        #expect(server.server.log.contains("scaling down to 1 worker(s): busy "))
        #expect(!server.server.log.contains("scaling up to 3"), "never past workers_max")
    }
}
