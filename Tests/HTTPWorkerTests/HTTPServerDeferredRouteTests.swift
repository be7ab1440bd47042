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
        private let promises = NIOLockedValueBox<(all: [EventLoopPromise<Response>], completed: Int)>(([], 0))
        func add(_ promise: EventLoopPromise<Response>) { promises.withLockedValue { $0.all.append(promise) } }
        /// Deferred requests received so far, completed or not.
        var count: Int { promises.withLockedValue { $0.all.count } }
        func completeAll(with body: String) {
            for promise in takeUncompleted() { promise.succeed(Response(status: .ok, body: ByteBuffer(string: body))) }
        }
        func failAll() {
            for promise in takeUncompleted() { promise.fail(CancellationError()) }
        }
        private func takeUncompleted() -> ArraySlice<EventLoopPromise<Response>> {
            promises.withLockedValue { promises in
                defer { promises.completed = promises.all.count }
                return promises.all[promises.completed...]
            }
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

    /// A request pipelined behind a deferred one waits for it: responses go out in the order of the
    /// requests (RFC 9112, 9.3.2), whatever order they are ready in.
    @Test func aRequestPipelinedBehindADeferredOneIsAnsweredAfterIt() async throws {
        let pending = Pending()
        try await TestServer.with(router: Self.router(pending)) { server in
            let client = try server.client()
            try client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await eventually(within: 10) { pending.count == 1 })
            #expect(!client.hasInput(within: 200), "nothing is answered before the first request")
            pending.completeAll(with: "first")
            let first = try client.readReply()
            #expect(first.status == 200 && first.text == "first")
            let second = try client.readReply()
            #expect(second.status == 200 && second.text != "first", "the pipelined GET / after the first answer")
            #expect(await eventually(within: 10) { pending.count == 2 }, "the third request is dispatched once the second is answered")
            pending.completeAll(with: "third")
            let third = try client.readReply()
            #expect(third.status == 200 && third.text == "third")
        }
    }

    /// `header_timeout` bounds how long a client takes to send; a deferred answer that takes longer
    /// is still the answer, not a 408.
    @Test func aDeferredAnswerMayTakeLongerThanTheHeaderTimeout() async throws {
        let pending = Pending()
        try await TestServer.with(TestServer.config { $0.headerTimeout = 1 }, router: Self.router(pending)) { server in
            let slow = try server.client()
            try slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await eventually(within: 10) { pending.count == 1 })
            #expect(!slow.hasInput(within: 2500), "nothing but the answer is sent while it is made")
            pending.completeAll(with: "done")
            let reply = try slow.readReply()
            #expect(reply.status == 200 && reply.text == "done")
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
