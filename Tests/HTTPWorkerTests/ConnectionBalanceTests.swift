import NIOConcurrencyHelpers
import NIOCore
import TestSupport
import Testing
@testable import HTTPWorker

@Suite struct ConnectionBalanceTests {
    /// (own, total, workers) and the closes a second the rule gives: none within the share plus its
    /// tolerance (an eighth of the share, at least 3), else half the excess, at most 16.
    @Test(arguments: [
        (64, 64, 1, 0),      // alone: nowhere to move to
        (32, 32, 2, 8),      // share 16, 16 over: half of it
        (53, 64, 2, 11),     // share 32, 21 over (tolerance 4)
        (36, 64, 2, 0),      // 4 over: within the tolerance
        (37, 64, 2, 3),      // 5 over: half, rounded up
        (5, 8, 2, 0),        // share 4: 1 over
        (7, 8, 2, 0),        // 3 over: the tolerance is at least 3
        (8, 8, 2, 2),        // 4 over
        (28, 64, 2, 0),      // under the share
        (64, 64, 4, 16),     // share 16, 48 over: at most 16
        (1000, 1000, 4, 16), // share 250, tolerance 31
        (0, 0, 0, 0),
    ])
    func closesPerSecondFollowTheExcessOverTheFairShare(own: Int, total: Int, workers: Int, closes: Int) {
        #expect(ConnectionShare(own: own, total: total, workers: workers).closesPerSecond == closes)
    }

    /// (own, total, workers) and whether the next queued connection is left to another worker: only
    /// above the share (the total over the workers, rounded up), never when alone.
    @Test(arguments: [
        (1, 1, 2, false),    // share 1
        (2, 2, 2, true),     // share 1: the other holds none
        (2, 3, 2, false),    // share 2
        (33, 64, 2, true),   // share 32
        (32, 64, 2, false),
        (17, 48, 3, true),   // share 16
        (64, 64, 1, false),  // alone
        (0, 0, 0, false),
    ])
    func theNextConnectionIsLeftToOthersOnlyAboveTheFairShare(own: Int, total: Int, workers: Int, leaves: Bool) {
        #expect(ConnectionShare(own: own, total: total, workers: workers).isOverFairShare == leaves)
    }

    @Test func aSecondsClosesArePacedEvenlyAndEndWithTheAllowance() {
        let balancer = ConnectionBalancer()
        let start = NIODeadline.uptimeNanoseconds(10_000_000_000)
        #expect(!balancer.takeClose(now: start), "no allowance before the first update")
        balancer.update(ConnectionShare(own: 10, total: 10, workers: 2))  // share 5, 5 over: 3 closes, 250 ms apart
        #expect(balancer.takeClose(now: start))
        #expect(!balancer.takeClose(now: start + .milliseconds(249)))
        #expect(balancer.takeClose(now: start + .milliseconds(250)))
        #expect(balancer.takeClose(now: start + .milliseconds(500)))
        #expect(!balancer.takeClose(now: start + .milliseconds(900)), "three closes this second")
        balancer.giveBack()
        #expect(balancer.takeClose(now: start + .milliseconds(900)), "one given back is taken again")
        balancer.update(nil)
        #expect(!balancer.takeClose(now: start + .seconds(2)))
    }

    /// Hooks that report a worker holding all 40 of two workers' connections (10 closes a second),
    /// and count the connections closed for balance.
    private static func overloadedHooks() -> (HTTPServerHooks, NIOLockedValueBox<Int>) {
        let closed = NIOLockedValueBox(0)
        let hooks = HTTPServerHooks(
            connectionShare: { ConnectionShare(own: 40, total: 40, workers: 2) },
            closedForBalance: { closed.withLockedValue { $0 += 1 } })
        return (hooks, closed)
    }

    @Test func aWorkerOverItsShareClosesKeptAliveConnectionsAfterAnsweringThem() async throws {
        let (hooks, closed) = Self.overloadedHooks()
        try await TestServer.with(hooks: hooks) { server in
            var client = try server.client()
            var answered = 0, reconnections = 0
            let balanced = eventually(within: 10) {
                try? client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n\(answered % 90 + 10)")
                guard let reply = try? client.readReply(), reply.status == 200, reply.text == String(answered % 90 + 10) else {
                    return true
                }
                answered += 1
                guard reply.header("connection") == "close" else { return false }
                #expect(client.isClosedByServer())
                reconnections += 1
                client = (try? server.client()) ?? client
                return reconnections == 3
            }
            #expect(balanced && reconnections == 3, "\(answered) answered, \(reconnections) closed for balance")
            #expect(closed.withLockedValue { $0 } == 3)
        }
    }

    /// Every request already read when a close for balance is due is answered first: a batch of
    /// pipelined requests ends its connection at its last request at the earliest, and a request whose
    /// next one has begun to arrive keeps it.
    @Test func aCloseForBalanceNeverDropsARequestAlreadyRead() async throws {
        let (hooks, closed) = Self.overloadedHooks()
        try await TestServer.with(hooks: hooks) { server in
            let deadline = ContinuousClock.now + .seconds(4)
            var batches = 0
            while ContinuousClock.now < deadline {
                let client = try server.client()
                var endedClosed = false
                for _ in 0..<20 where !endedClosed {
                    let requests = (0..<8).map { "GET /items/\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }
                        + ["POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nlast"]
                    try client.send(requests.joined())
                    for index in 0..<9 {
                        let reply = try client.readReply()
                        #expect(reply.status == 200 && reply.text == (index == 8 ? "last" : String(index)))
                        if reply.header("connection") == "close" {
                            #expect(index == 8, "closed at request \(index) of 9 read together")
                            endedClosed = true
                        }
                    }
                    batches += 1
                    guard !endedClosed else { break }
                    try client.send("GET /items/a HTTP/1.1\r\nHost: x\r\n\r\nGET /items/b HTTP/1.1\r\nHo")
                    let first = try client.readReply()
                    #expect(first.text == "a" && first.header("connection") == nil, "the next request had begun to arrive")
                    try client.send("st: x\r\n\r\n")
                    let second = try client.readReply()
                    #expect(second.text == "b")
                    endedClosed = second.header("connection") == "close"
                }
            }
            #expect(closed.withLockedValue { $0 } > 0, "\(batches) batches, none closed for balance")
        }
    }
}
