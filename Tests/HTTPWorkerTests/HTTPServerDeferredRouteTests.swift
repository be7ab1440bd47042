import HTTPWorker
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Testing
import TestSupport

/// Routes that answer later (`Router.addDeferred`): the event loop serves other requests meanwhile.
@Suite(.timeLimit(.minutes(1))) struct HTTPServerDeferredRouteTests {
    /// Promises of the deferred requests received so far, which the test completes.
    final class Pending: Sendable {
        private let promises = NIOLockedValueBox<[EventLoopPromise<Response>]>([])
        func add(_ promise: EventLoopPromise<Response>) { promises.withLockedValue { $0.append(promise) } }
        var count: Int { promises.withLockedValue { $0.count } }
        func completeAll(with body: String) {
            for promise in promises.withLockedValue({ $0 }) { promise.succeed(Response(status: .ok, body: ByteBuffer(string: body))) }
        }
        func failAll() {
            for promise in promises.withLockedValue({ $0 }) { promise.fail(CancellationError()) }
        }
    }

    static func router(_ pending: Pending) -> Router {
        var router = TestServer.router
        router.addDeferred(.GET, "/slow") { _, loop in
            let promise = loop.makePromise(of: Response.self)
            pending.add(promise)
            return promise.futureResult
        }
        return router
    }

    @Test func theLoopAnswersOtherRequestsWhileADeferredOneWaits() async throws {
        let pending = Pending()
        try await TestServer.with(TestServer.config { $0.threads = 1 }, router: Self.router(pending)) { server in
            let slow = try server.client()
            try slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await eventually(within: 10) { pending.count == 1 })
            let health = try server.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(health.status == 200, "answered while /slow waits")
            #expect(!slow.hasInput(within: 0))
            pending.completeAll(with: "done")
            let reply = try slow.readReply()
            #expect(reply.status == 200 && reply.text == "done")
            try slow.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try slow.readReply().status == 200, "the connection stays open for the next request")
        }
    }

    @Test func aFailedFutureIsAnswered500() async throws {
        let pending = Pending()
        try await TestServer.with(router: Self.router(pending)) { server in
            let slow = try server.client()
            try slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await eventually(within: 10) { pending.count == 1 })
            pending.failAll()
            #expect(try slow.readReply().status == 500)
        }
    }
}
