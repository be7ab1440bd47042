import Glibc
import NIOConcurrencyHelpers
import Testing
import TestSupport
@testable import HTTPWorker

@Suite struct HTTPServerObservationTests {
    @Test func accessLogWritesGunicornFormattedLines() async throws {
        let path = "/tmp/tagifai-access-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let format = #"%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-trace}i)s %(p)s"#
        let log = try AccessLog(destination: path, format: format)
        try await TestServer.with(accessLog: log) { server in
            _ = try server.exchange("GET /items/5?q=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: probe/1.0\r\nReferer: http://r/\r\nX-Trace: abc\r\n\r\n")
            _ = try server.exchange("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        let lines = try String(decoding: Self.contents(of: path), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        let first = String(lines.first ?? "")
        #expect(first.hasPrefix("127.0.0.1 - - ["))
        #expect(first.hasSuffix(#"] "GET /items/5?q=1 HTTP/1.1" 200 1 "http://r/" "probe/1.0" abc <\#(getpid())>"#))
        #expect(lines.last?.contains(#""GET /missing HTTP/1.1" 404 22 "-" "-" - "#) == true)
    }

    @Test func reopenStartsANewFileAfterRotation() async throws {
        let path = "/tmp/tagifai-rotate-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path); unlink(path + ".1") }
        let log = try AccessLog(destination: path, format: "%(U)s %(s)s")
        try await TestServer.with(accessLog: log) { server in
            _ = try server.exchange("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n")
            rename(path, path + ".1")
            try log.reopen()
            _ = try server.exchange("GET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        #expect(String(decoding: try Self.contents(of: path + ".1"), as: UTF8.self) == "/items/1 200\n")
        #expect(String(decoding: try Self.contents(of: path), as: UTF8.self) == "/items/2 200\n")
    }

    @Test func accessLogFollowsTheConfig() throws {
        var config = TestServer.config()
        #expect(try AccessLog(settings: config) == nil)
        config.accesslog = "-"
        config.accessLogFormat = "%(h)s %(s)s"
        let log = try #require(try AccessLog(settings: config))
        #expect(log.destination == "-")
        #expect(log.format.parts == [.remoteAddress, .literal(" "), .status])
    }

    @Test func unknownAtomIsRejectedByName() {
        #expect(throws: AccessLogError.unknownAtom("z", format: "%(z)s")) {
            try AccessLogFormat("%(z)s")
        }
    }

    @Test func requestCompletedReportsRouteTemplateAndStatus() async throws {
        let seen = NIOLockedValueBox<[String]>([])
        let hooks = HTTPServerHooks(requestCompleted: { request in
            seen.withLockedValue { $0.append("\(request.method?.rawValue ?? "-") \(request.route ?? "-") \(request.status)") }
        })
        try await TestServer.with(hooks: hooks) { server in
            _ = try server.exchange("GET /items/9 HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try server.exchange("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        #expect(seen.withLockedValue { $0 } == ["GET /items/{id} 200", "GET - 404"])
    }

    @Test func refusalsBeforeAHeadAreLoggedAndReportedWithoutAStart() async throws {
        let path = "/tmp/tagifai-refused-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let log = try AccessLog(destination: path, format: #"%(h)s "%(r)s" %(m)s %(U)s %(H)s %(s)s %(b)s "%(a)s""#)
        let (hooks, events) = Self.recordingHooks()
        let config = TestServer.config { $0.limitRequestLine = 100 }
        let (malformed, tooLong) = try await TestServer.with(config, accessLog: log, hooks: hooks) { server in
            let malformed = try server.exchange("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
            let tooLong = try server.exchange("GET /\(String(repeating: "a", count: 150)) HTTP/1.1\r\nHost: x\r\n\r\n")
            return (malformed, tooLong)
        }
        #expect(malformed.status == 400 && tooLong.status == 414)
        // A request line is refused as soon as it outgrows the limit, before it is a head.
        #expect(events.withLockedValue { $0 } == ["refused - - 400", "refused - - 414"])
        let lines = String(decoding: try Self.contents(of: path), as: UTF8.self).split(separator: "\n")
        #expect(lines == [
            #"127.0.0.1 "-" - - - 400 \#(malformed.body.count) "-""#,
            #"127.0.0.1 "-" - - - 414 \#(tooLong.body.count) "-""#,
        ])
    }

    @Test func aStalledBodyIsReportedAsItsRequestRefusedNotAbandoned() async throws {
        let path = "/tmp/tagifai-stalled-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let log = try AccessLog(destination: path, format: #""%(r)s" %(s)s"#)
        let (hooks, events) = Self.recordingHooks()
        try await TestServer.with(TestServer.config { $0.headerTimeout = 1 }, accessLog: log, hooks: hooks) { server in
            let client = try server.client(timeout: 5)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
            #expect(try client.readReply().status == 408)
            #expect(client.isClosedByServer())
        }
        #expect(events.withLockedValue { $0 } == ["started", "completed POST - 408"])
        #expect(String(decoding: try Self.contents(of: path), as: UTF8.self) == "\"POST /echo HTTP/1.1\" 408\n")
    }

    @Test func tickRunsOnEveryEventLoop() async throws {
        let loops = NIOLockedValueBox<Set<Int>>([])
        let hooks = HTTPServerHooks(tick: { index in _ = loops.withLockedValue { $0.insert(index) } })
        let config = TestServer.config { $0.threads = 2 }
        try await TestServer.with(config, hooks: hooks) { _ in
            _ = await eventually { loops.withLockedValue { $0.count } == 2 }
        }
        #expect(loops.withLockedValue { $0 } == [0, 1])
    }

    /// Hooks that record each request event in order: `started`, `abandoned`, and
    /// `completed`/`refused` with the method, route and status (`-` for what is missing).
    private static func recordingHooks() -> (HTTPServerHooks, NIOLockedValueBox<[String]>) {
        let events = NIOLockedValueBox<[String]>([])
        let record: @Sendable (String, CompletedRequest) -> Void = { kind, request in
            events.withLockedValue { $0.append("\(kind) \(request.method?.rawValue ?? "-") \(request.route ?? "-") \(request.status)") }
        }
        let hooks = HTTPServerHooks(
            requestCompleted: { record("completed", $0) },
            requestStarted: { events.withLockedValue { $0.append("started") } },
            requestAbandoned: { events.withLockedValue { $0.append("abandoned") } },
            requestRefused: { record("refused", $0) })
        return (hooks, events)
    }

    private static func contents(of path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RawHTTPClient.Failure(description: "cannot open \(path)") }
        defer { close(fd) }
        return readAll(from: fd)
    }
}
