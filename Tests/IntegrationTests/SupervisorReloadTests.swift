import Foundation
import Glibc
import Testing
import TestSupport

/// HUP through the real binary: a new generation of workers takes over with no failed request,
/// and a model that cannot load leaves the old generation serving.
@Suite(.timeLimit(.minutes(3)), .serialized) struct SupervisorReloadTests {
    @Test func hupReplacesEveryWorkerWithoutAFailedRequest() throws {
        let server = try ServerProcess(workers: 2)
        let traffic = HTTPTrafficLoop(port: server.port)
        defer { _ = traffic.stop() }
        #expect(eventually(within: 10) { traffic.answered > 50 })
        for generation in 1...2 {
            let old = Set(server.workerPids)
            server.signal(SIGHUP)
            #expect(eventually(within: 30) {
                let now = Set(server.workerPids)
                return now.count == 2 && now.isDisjoint(with: old)
            })
            #expect(server.log.contains("generation \(generation) ready, draining generation \(generation - 1)"))
            let answered = traffic.answered
            #expect(eventually(within: 10) { traffic.answered > answered + 50 })
        }
        let outcome = traffic.stop()
        #expect(outcome.failures.isEmpty, "\(outcome.failures.prefix(5))")
        #expect(server.workerPids.allSatisfy { ProcessTable.title(of: $0).hasSuffix("(gen 2)") })
    }

    @Test func aModelThatCannotLoadLeavesTheOldGenerationServingUntilItIsFixed() throws {
        let scratch = try ScratchFolder()
        let good = try scratch.copyOfCommittedModel("good")
        let corrupt = try scratch.copyOfCommittedModel("corrupt")
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: corrupt + "/model.bin"))
        let retrained = try scratch.trainSmallModel("retrained")
        let config = try scratch.write("tagifai.yaml", "model: \(good)\n")

        let server = try ServerProcess(workers: 2, arguments: ["--config", config])
        #expect(try server.servedEpochs() == "100")
        let first = Set(server.workerPids)

        try scratch.write("tagifai.yaml", "model: \(corrupt)\n")
        server.signal(SIGHUP)
        #expect(eventually(within: 30) { server.log.contains("reload failed") })
        #expect(server.log.contains("\(corrupt)"), "the error names the model at fault")
        #expect(eventually(within: 10) { Set(server.workerPids) == first })
        #expect(try server.servedEpochs() == "100")

        try scratch.write("tagifai.yaml", "model: \(retrained)\n")
        server.signal(SIGHUP)
        #expect(eventually(within: 30) {
            let now = Set(server.workerPids)
            return now.count == 2 && now.isDisjoint(with: first)
        })
        #expect(try server.servedEpochs() == "15", "the new generation serves the retrained model")
    }
}
