import NIOCore
import Testing
import TestSupport
@testable import HTTPWorker

/// The worker's body budget pays for bytes that arrived, never for a length a client only declared.
@Suite struct BodyBudgetTests {
    private static func chunk(_ count: Int) -> ByteBuffer {
        ByteBuffer(repeating: UInt8(ascii: "a"), count: count)
    }

    @Test func aDeclaredBodyHoldsOnlyABoundedAdvanceOnWhatArrived() {
        let budget = BodyBudget(maxBodySize: 1 << 20)
        var body: ByteBuffer?
        var budgeted = 0
        var first = Self.chunk(1)
        #expect(budget.append(&first, to: &body, budgeted: &budgeted, ceiling: 1 << 20, allocator: ByteBufferAllocator()))
        #expect(budgeted == 4096)
        #expect(body?.readableBytes == 1)
        // Arriving in 1 KiB pieces, the buffer never holds more than twice what came (or the advance).
        var arrived = 1
        while arrived < 300_000 {
            var piece = Self.chunk(1024)
            #expect(budget.append(&piece, to: &body, budgeted: &budgeted, ceiling: 1 << 20, allocator: ByteBufferAllocator()))
            arrived += 1024
            // Twice what came, rounded up to a power of two by the allocator: under four times.
            #expect(budgeted >= arrived && budgeted < 4 * max(arrived, BodyBudget.initialAdvance))
            #expect(body?.capacity == budgeted)
        }
        #expect(body?.readableBytes == arrived)
        budget.giveBack(budgeted)
        #expect(budget.take(budget.limit))
    }

    @Test func theBufferNeverGrowsPastTheDeclaredLength() {
        let budget = BodyBudget(maxBodySize: 1 << 20)
        var body: ByteBuffer?
        var budgeted = 0
        for _ in 0..<10 {
            var piece = Self.chunk(1000)
            #expect(budget.append(&piece, to: &body, budgeted: &budgeted, ceiling: 10_000, allocator: ByteBufferAllocator()))
        }
        #expect(body?.readableBytes == 10_000)
        #expect(budgeted == 16384, "10,000 bytes declared, in a buffer the allocator rounds up once")
    }

    @Test func aBodyWholeInItsFirstChunkIsKeptWithoutCopy() {
        let budget = BodyBudget(maxBodySize: 1 << 20)
        var body: ByteBuffer?
        var budgeted = 0
        var whole = Self.chunk(500)
        #expect(budget.append(&whole, to: &body, budgeted: &budgeted, ceiling: 500, allocator: ByteBufferAllocator()))
        #expect(budgeted == 500)
        #expect(body?.readableBytes == 500)
    }

    @Test func withTheBudgetNearlySpentTheBytesThatArrivedStillFitWithoutTheAdvance() {
        let budget = BodyBudget(maxBodySize: 1 << 20)
        #expect(budget.take(budget.limit - 100))
        var body: ByteBuffer?
        var budgeted = 0
        var piece = Self.chunk(60)
        #expect(budget.append(&piece, to: &body, budgeted: &budgeted, ceiling: 1 << 20, allocator: ByteBufferAllocator()))
        #expect(budgeted == 64)
        var more = Self.chunk(60)
        #expect(!budget.append(&more, to: &body, budgeted: &budgeted, ceiling: 1 << 20, allocator: ByteBufferAllocator()))
        #expect(budgeted == 64 && body?.readableBytes == 60)
    }

    @Test func manyDeclaredButUnsentBodiesLeaveRoomForOthers() async throws {
        try await TestServer.with(TestServer.config { $0.keepalive = 30; $0.bodyTimeout = 30 }) { server in
            // 200 clients declaring 1 MiB each (200 MiB against a 16 MiB budget) and sending one byte.
            var idle: [RawHTTPClient] = []
            for _ in 0..<200 {
                let client = try server.client(timeout: 5)
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(1 << 20)\r\n\r\na")
                idle.append(client)
            }
            for _ in 0..<20 {
                let reply = try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
                #expect(reply.status == 200)
                #expect(reply.text == "hello")
            }
            #expect(!idle.contains { $0.hasInput(within: 0) }, "a client that declared a body was answered before sending it")
        }
    }
}
