import Foundation
import Testing
import TestSupport

/// What a worker keeps of a burst of connections once they are gone.
@Suite(.timeLimit(.minutes(2))) struct WorkerMemoryTests {
    /// 400 kept-alive connections hold about 2 MB of a worker's heap; freed, glibc kept them until
    /// the worker gave its free pages back once the burst was over.
    @Test func aBurstOfConnectionsLeavesNoLastingMemory() throws {
        let server = try ServerProcess()
        let worker = try #require(try server.workersBeforeTraffic().first)
        let before = try #require(ProcessTable.statusBytes("RssAnon", of: worker))
        var clients: [RawHTTPClient] = []
        for _ in 0..<400 {
            let client = try server.connect()
            try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try client.readReply().status == 200)
            clients.append(client)
        }
        let during = try #require(ProcessTable.statusBytes("RssAnon", of: worker))
        try #require(during - before > 1 << 20, "400 connections took only \((during - before) >> 10) KB: nothing to measure")
        clients.removeAll()
        let target = before + (during - before) / 2
        var after = during
        let returned = eventually(within: 10) {
            after = ProcessTable.statusBytes("RssAnon", of: worker) ?? after
            return after <= target
        }
        #expect(returned, "\(before >> 10) KB before, \(during >> 10) KB with 400 connections, \(after >> 10) KB 10 s after they closed")
    }
}
