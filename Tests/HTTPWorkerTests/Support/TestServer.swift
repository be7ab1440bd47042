import HTTPWorker
import Logging
import NIOCore
import NIOHTTP1
import Prefork
import Settings
import TestSupport
import WorkerSeam

/// A server on 127.0.0.1 with an ephemeral port and a small router, drained when the body returns.
struct TestServer {
    let server: HTTPServer
    let port: Int

    static var router: Router {
        var router = Router()
        router.add(.GET, "/") { _ in
            Response(status: .ok, headers: ["content-type": "application/json"], body: ByteBuffer(string: #"{"message":"OK"}"#))
        }
        router.add(.GET, "/items/{id}") { request in
            Response(status: .ok, body: ByteBuffer(string: request.pathParameters["id"] ?? ""))
        }
        router.add(.GET, "/big") { _ in
            Response(status: .ok, body: ByteBuffer(repeating: UInt8(ascii: "b"), count: 64 * 1024))
        }
        router.add(.GET, "/bytes/{count}") { request in
            let count = request.pathParameters["count"].flatMap(Int.init) ?? 0
            return Response(status: .ok, body: ByteBuffer(repeating: UInt8(ascii: "b"), count: count))
        }
        router.add(.GET, "/url") { request in
            Response(status: .ok, body: ByteBuffer(string: request.url))
        }
        router.add(.POST, "/echo") { request in
            Response(status: .ok, body: request.body)
        }
        router.add(.GET, "/leaving") { _ in
            Response(status: .serviceUnavailable, closesConnection: true)
        }
        return router
    }

    static func config(_ change: (inout HTTPSettings) -> Void = { _ in }) -> HTTPSettings {
        var config = HTTPSettings()
        config.accesslog = nil
        change(&config)
        return config
    }

    static func with<T>(
        _ config: HTTPSettings = config(),
        router: Router = router,
        accessLog: AccessLog? = nil,
        tls: ServerTLS? = nil,
        hooks: HTTPServerHooks = HTTPServerHooks(),
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let server = HTTPServer(
            settings: config, router: router, logger: Logger(label: "test"), accessLog: accessLog, tls: tls, hooks: hooks)
        let address: BindAddress
        do {
            address = try server.start(binding: .tcp(host: "127.0.0.1", port: 0))
        } catch {
            await server.drain()
            throw error
        }
        let test = TestServer(server: server, port: address.port!)
        do {
            let result = try await body(test)
            await server.drain()
            return result
        } catch {
            await server.drain()
            throw error
        }
    }

    /// A new connection; `receiveBuffer` shrinks its socket's receive buffer (a client on a slow link).
    func client(timeout: Int = 10, receiveBuffer: Int? = nil) throws -> RawHTTPClient {
        try RawHTTPClient(port: port, timeout: timeout, receiveBuffer: receiveBuffer)
    }

    /// Sends one request and reads its reply on a new connection.
    func exchange(_ request: String) throws -> RawHTTPClient.Reply {
        let client = try client()
        try client.send(request)
        return try client.readReply(head: request.hasPrefix("HEAD"))
    }
}
