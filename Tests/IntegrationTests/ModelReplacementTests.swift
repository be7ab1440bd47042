import Foundation
import Glibc
import Testing
import TestSupport

/// `model.bin` changing under a running server: copied over in place while workers serve, or
/// damaged so that loading must refuse it.
@Suite(.timeLimit(.minutes(3)), .serialized) struct ServedModelReplacementTests {
    @Test func copyingAnotherModelOverTheServedOneFailsNoRequestAndHUPServesIt() throws {
        let scratch = try ScratchFolder()
        let served = try scratch.copyOfCommittedModel("served")
        let other = try scratch.trainSmallModel("other")
        let server = try ServerProcess(workers: 2, arguments: ["--model", served])
        #expect(try server.servedEpochs() == "100")
        let prediction = try predictionData(server)
        let first = Set(server.workerPids)
        let traffic = HTTPTrafficLoop(port: server.port)
        defer { _ = traffic.stop() }
        #expect(eventually(within: 10) { traffic.answered >= 50 })

        let files = try FileManager.default.contentsOfDirectory(atPath: other).sorted().map { other + "/" + $0 }
        let copy = try Process.run(URL(fileURLWithPath: "/bin/cp"), arguments: files + [served])
        copy.waitUntilExit()
        #expect(copy.terminationStatus == 0)
        let answered = traffic.answered
        #expect(eventually(within: 10) { traffic.answered >= answered + 100 })
        #expect(try predictionData(server) == prediction, "workers keep the weights they loaded")
        #expect(Set(server.workerPids) == first)

        server.signal(SIGHUP)
        #expect(eventually(within: 30) {
            let now = Set(server.workerPids)
            return now.count == 2 && now.isDisjoint(with: first)
        })
        #expect(try server.servedEpochs() == "15", "the new generation loads the copied model")
        let outcome = traffic.stop()
        #expect(outcome.failures.isEmpty, "\(outcome.failures.prefix(5))")
        #expect(!server.log.contains("killed by signal"), "\(server.log)")
    }

    @Test func aTableEntryOutOfRangeIsRefusedByPredictAndServe() throws {
        let scratch = try ScratchFolder()
        let damaged = try scratch.copyOfCommittedModel("damaged")
        let url = URL(fileURLWithPath: damaged + "/model.bin")
        var bytes = try [UInt8](Data(contentsOf: url))
        let slot = try #require(stride(from: 64, to: bytes.count, by: 4).first { offset in bytes[offset..<offset + 4].contains { $0 != 0 } })
        bytes.replaceSubrange(slot..<slot + 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
        try Data(bytes).write(to: url)

        let predict = try TagifaiBinary.run(["predict", "--model", damaged, "rocket launch"])
        #expect(predict.status == 1)
        #expect(predict.stderr.contains("model file \(url.path) is malformed: table slot \((slot - 64) / 4) names feature"), "\(predict.stderr)")

        let server = try ServerProcess(workers: 2, arguments: ["--model", damaged], waitForReady: false)
        #expect(server.waitForExit(within: 60) == 3)
        #expect(server.log.contains("\(url.path) is malformed: table slot"), "\(server.log)")
    }

    /// The `data` of a `POST /predict` answer, its keys sorted (the envelope around it holds a timestamp).
    private func predictionData(_ server: ServerProcess) throws -> Data {
        try JSONSerialization.data(withJSONObject: server.predict(HTTPTraffic.predictBody).data(), options: .sortedKeys)
    }
}
