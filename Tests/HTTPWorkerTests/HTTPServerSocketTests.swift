import Glibc
import Logging
import Prefork
import Testing
import TestSupport
import WorkerSeam
@testable import HTTPWorker

@Suite struct HTTPServerSocketTests {
    @Test func adoptedSocketKeepsTheConfiguredBacklog() async throws {
        let config = TestServer.config { $0.backlog = 777 }
        let socket = try ListeningSocket(
            adopting: ListeningSocket.bind(.tcp(host: "127.0.0.1", port: 0), backlog: 1).fileDescriptor)
        let server = HTTPServer(settings: config, router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        try server.start(listeningOn: [socket])
        let port = try #require(server.localAddresses.first?.port)
        let listing = try Self.run("/usr/bin/env", ["ss", "-lnt", "sport = :\(port)"])
        await server.drain()
        let row = listing.split(separator: "\n").first { $0.contains(":\(port)") }
        let columns = row?.split(separator: " ", omittingEmptySubsequences: true) ?? []
        #expect(columns.count > 2 && columns[2] == "777", "ss -lnt shows Send-Q 777 in: \(listing)")
    }

    @Test func servesOnAUnixSocketAndNeverRemovesAnOrdinaryFile() async throws {
        let path = "/tmp/tagifai-http-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        defer { unlink(path) }
        let server = HTTPServer(settings: TestServer.config(), router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        try server.start(binding: .unix(path: path))
        let client = try RawHTTPClient(unixPath: path)
        try client.send("GET /url HTTP/1.0\r\n\r\n")
        #expect(try client.readReply().text == "http://localhost/url")
        await server.drain()

        let blocker = HTTPServer(settings: TestServer.config(), router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        unlink(path)
        close(open(path, O_CREAT | O_WRONLY, 0o600))
        #expect(throws: HTTPServerError.self) {
            try blocker.start(binding: .unix(path: path))
        }
        await blocker.drain()
        var status = stat()
        #expect(stat(path, &status) == 0, "the ordinary file is still there")
    }

    /// Runs a command to completion and returns its standard output.
    static func run(_ path: String, _ arguments: [String]) throws -> String {
        var pipe: [CInt] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw RawHTTPClient.Failure(description: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        var pid = pid_t()
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(pipe[1])
        defer { close(pipe[0]) }
        guard spawned == 0 else { throw RawHTTPClient.Failure(description: "cannot run \(arguments.first ?? path)") }
        let output = readAll(from: pipe[0])
        var status: CInt = 0
        waitpid(pid, &status, 0)
        return String(decoding: output, as: UTF8.self)
    }
}
