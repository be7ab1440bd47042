import TestSupport
import Foundation
import Glibc
import Testing

@Suite(.serialized) struct SupervisorReusePortTests {
    @Test func everyWorkerAnswersOnItsOwnSocket() throws {
        let server = try TestServer(["workers": "2", "reuse_port": "true"])
        var answered: Set<Int32> = []
        for _ in 0..<200 where answered.count < 2 {
            if let answer = server.ask() { answered.insert(answer.pid) }
        }
        #expect(answered == Set(server.workerPids))
    }

    @Test func aKilledWorkersQueuedConnectionsAreServedByItsReplacement() throws {
        let server = try TestServer(["workers": "2", "reuse_port": "true"])
        for pid in server.workerPids { kill(pid, SIGKILL) }
        let queued = (0..<30).compactMap { _ in server.connect() }
        #expect(queued.count == 30)
        let answers = queued.map(TestServer.answer(on:))
        #expect(answers.allSatisfy { $0 != nil })
    }

    @Test func ttouDrainsTheLeavingWorkersQueueInsteadOfResettingIt() throws {
        let server = try TestServer(["workers": "2", "reuse_port": "true", "drain_delay_ms": "700"])
        let before = Set(server.workerPids)
        server.signal(SIGTTOU)
        #expect(eventually(within: 5) { server.log.contains("position 1 is gone") })
        let queued = (0..<40).compactMap { _ in server.connect() }
        #expect(queued.count == 40)
        let answers = queued.map(TestServer.answer(on:))
        #expect(answers.allSatisfy { $0 != nil }, "no queued connection is reset")
        #expect(eventually(within: 5) { server.workerPids.count == 1 })
        let leaving = before.subtracting(server.workerPids)
        #expect(leaving.count == 1)
        #expect(answers.contains { answer in answer.map { leaving.contains($0.pid) } ?? false },
                "some connections were queued on the leaving worker's socket and drained by it")
    }

    @Test func theConfiguredBacklogIsWhatTheKernelHas() throws {
        let server = try TestServer(["workers": "1", "backlog": "77"])
        #expect(try listenBacklog(port: server.port) == 77)
    }
}
