import Foundation
import Glibc
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(3))) struct ServeTests {
    @Test func servesThePredictionAPIFromEveryWorker() throws {
        let server = try ServerProcess(workers: 2)
        #expect(server.workerPids.count == 2)
        let text = "Transfer learning with transformers for text classification."
        let reply = try server.request(
            "POST", "/predict",
            body: #"{"texts": [{"text": "\#(text)"}]}"#,
            headers: ["Content-Type": "application/json"])
        #expect(reply.status == 200)
        let envelope = try #require(JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
        #expect(envelope["status-code"] as? Int == 200)
        let predictions = try #require((envelope["data"] as? [String: Any])?["predictions"] as? [[String: Any]])
        #expect(predictions.count == 1)
        // The lesson's answer for its example text.
        #expect(predictions.first?["predicted_tag"] as? String == "natural-language-processing")
    }

    @Test func termStopsEveryProcessAndExitsZero() throws {
        let server = try ServerProcess(workers: 2)
        let workers = server.workerPids
        server.signal(SIGTERM)
        #expect(server.waitForExit(within: 20) == 0)
        #expect(eventually(within: 5) { workers.allSatisfy { !ServerProcess.isRunning($0) } })
    }

    @Test func aMissingModelStopsTheServerWithTheWorkersMessage() throws {
        let server = try ServerProcess(arguments: ["--model", "/nonexistent/model"], waitForReady: false)
        #expect(server.waitForExit(within: 30) == 3)
        #expect(server.log.contains("/nonexistent/model"))
    }

    @Test func aMisspelledVariableIsLoggedAsIgnored() throws {
        let server = try ServerProcess(environment: ["TAGIFAI_WORKER": "3"])
        #expect(server.workerPids.count == 1)
        #expect(server.log.contains("TAGIFAI_WORKER is not a setting and is ignored (did you mean TAGIFAI_WORKERS?)"))
    }
}
