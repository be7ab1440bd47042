import Foundation
import Glibc
import Testing
import TestSupport

/// The transformer tier served: its weights copied once into sealed memory every worker maps, its
/// `/predict` answered by each worker's compute pool while the event loops keep answering, and
/// `/performance` naming the tier. Runs where the weights of scripts/fetch-minilm are.
@Suite(.timeLimit(.minutes(5)), .serialized) struct MiniLMServingTests {
    @Test(.enabled(if: MiniLMCommandTests.available, "needs the weights of scripts/fetch-minilm"))
    func everyWorkerServesTheTierFromOneCopyOfItsWeightsOffTheEventLoop() throws {
        let scratch = try ScratchFolder("serve-minilm")
        let (train, out) = try scratch.trainSmallMiniLM("model")
        try #require(train.status == 0, "\(train.stderr)")
        let workers = 2
        let server = try ServerProcess(workers: workers, arguments: ["--model", out])

        let performance = try server.request("GET", "/performance")
        #expect(performance.status == 200)
        #expect(performance.text.contains(#""tier":"minilm""#), "\(performance.text)")
        let reply = try server.predict(
            #"{"texts": [{"text": "rocket engine launch orbit thrust booster"}, {"text": "ripe juicy cherry apple harvest"}]}"#)
        #expect(reply.status == 200, "\(reply.text)")
        let predictions = try #require(
            ((try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])?["data"] as? [String: Any])?["predictions"]
                as? [[String: Any]])
        #expect(predictions.map { $0["predicted_tag"] as? String } == ["rockets", "fruit"])

        // Eight requests sent together keep the pools computing; `/` is answered meanwhile, then all eight.
        let body = #"{"texts": [{"text": "ripe juicy cherry apple harvest"}]}"#
        let clients = try (0..<8).map { _ in try server.connect(timeout: 60) }
        for client in clients {
            try client.send(
                "POST /predict HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
        }
        #expect(try server.request("GET", "/").status == 200)
        #expect(try clients.map { try $0.readReply().status } == Array(repeating: 200, count: 8))
        let metrics = try server.request("GET", "/metrics").text
        #expect(metrics.contains("tagifai_inference_batch_texts_count"), "\(metrics.prefix(2000))")

        let size = try #require(
            FileManager.default.attributesOfItem(atPath: out + "/encoder/model.safetensors")[.size] as? Int)
        let pages = Double((size + 4095) / 4096 * 4)
        for pid in server.workerPids {
            let usage = try #require(
                ProcessTable.mapping(of: pid, named: "memfd:prefork-shared:model.safetensors"), "worker \(pid)")
            // Loading checks the SHA-256 of every byte, so each worker has touched every page.
            #expect(Double(usage.rssKiB) == pages)
            #expect(abs(Double(usage.pssKiB) - pages / Double(workers)) <= pages * 0.02, "worker \(pid)'s PSS \(usage.pssKiB) kB")
        }
    }

    /// A HUP to a config naming the other tier's folder swaps the linear model for the transformer
    /// and back while `GET /` and `POST /predict` keep coming: every request answered 200.
    @Test(.enabled(if: MiniLMCommandTests.available, "needs the weights of scripts/fetch-minilm"))
    func aHUPSwapsTiersWithNoFailedRequest() throws {
        let scratch = try ScratchFolder("swap-tiers")
        let (train, minilm) = try scratch.trainSmallMiniLM("minilm")
        try #require(train.status == 0, "\(train.stderr)")
        let linear = try scratch.copyOfCommittedModel("linear")
        let config = try scratch.write("tagifai.yaml", "model: \(linear)\n")
        let server = try ServerProcess(workers: 2, arguments: ["--config", config])
        let traffic = HTTPTrafficLoop(port: server.port)
        defer { _ = traffic.stop() }
        #expect(eventually(within: 10) { traffic.answered >= 50 })

        // The linear folder's /performance names no tier; the committed model's 100 epochs tell it.
        let servesMiniLM = { try server.request("GET", "/performance").text.contains(#""tier":"minilm""#) }
        for (folder, tier) in [(minilm, "minilm"), (linear, "linear")] {
            let before = Set(server.workerPids)
            try scratch.write("tagifai.yaml", "model: \(folder)\n")
            server.signal(SIGHUP)
            #expect(eventually(within: 60) {
                let now = Set(server.workerPids)
                return now.count == 2 && now.isDisjoint(with: before)
            })
            if tier == "minilm" {
                #expect(try servesMiniLM())
            } else {
                #expect(try !servesMiniLM() && server.servedEpochs() == "100")
            }
            let answered = traffic.answered
            #expect(eventually(within: 30) { traffic.answered >= answered + 50 }, "requests go on after the swap to \(tier)")
        }
        let outcome = traffic.stop()
        #expect(outcome.failures.isEmpty, "\(outcome.failures.prefix(5))")
        #expect(!server.log.contains("killed by signal"), "\(server.log)")
    }
}
