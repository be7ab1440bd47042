import Foundation
import Testing
import TestSupport

/// Malformed and oversized HTTP requests through the real server: each is answered with the status
/// it calls for (a close without an answer fails), and no worker dies for it.
@Suite(.timeLimit(.minutes(3))) struct HostileRequestTests {
    static let host = "Host: 127.0.0.1\r\n"

    /// Each hostile request, by name, and the answer it gets.
    static let cases: [(String, [UInt8], HostileOutcome)] = [
        ("garbage bytes", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }, .answered(400)),
        ("a TLS hello", [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03] + [UInt8](repeating: 0, count: 64), .answered(400)),
        ("a 200 KB header", Array("GET / HTTP/1.1\r\n\(host)X-Big: \(String(repeating: "a", count: 200_000))\r\n\r\n".utf8), .answered(431)),
        ("5,000 headers", Array(("GET / HTTP/1.1\r\n\(host)" + (0..<5000).map { "X-H\($0): v\r\n" }.joined() + "\r\n").utf8), .answered(431)),
        ("a 100 KB request line", Array("GET /\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\n\(host)\r\n".utf8), .answered(414)),
        ("Content-Length with Transfer-Encoding", Array(
            "POST /predict HTTP/1.1\r\n\(host)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), .answered(400)),
        ("a malformed chunk", Array("POST /predict HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n".utf8), .answered(400)),
        ("a chunk longer than its size", Array("POST /predict HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n2\r\nabcdef\r\n0\r\n\r\n".utf8), .answered(400)),
        ("a negative Content-Length", Array("POST /predict HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n".utf8), .answered(400)),
        ("a NUL in the target", Array("GET /\u{0} HTTP/1.1\r\n\(host)\r\n".utf8), .answered(400)),
        ("a header without a colon", Array("GET / HTTP/1.1\r\n\(host)NoColonHere\r\n\r\n".utf8), .answered(400)),
    ]

    @Test func everyHostileRequestIsRefusedAndNoWorkerRestarts() throws {
        let server = try ServerProcess()
        let before = Set(server.workerPids)
        for (name, bytes, expected) in Self.cases {
            let outcome = try server.outcome(of: bytes)
            #expect(outcome == expected, "\(name)")
            #expect(server.servesHealthCheck, "after \(name)")
        }
        #expect(Set(server.workerPids) == before, "a worker was replaced; log:\n\(server.log.suffix(3000))")
    }

    /// An unsupported version gets RFC 9110's own answer, 505, the one refusal outside 4xx.
    @Test(arguments: ["HTTP/2.0", "HTTP/3.1", "HTTP/1.9", "HTTP/0.8"])
    func anUnsupportedHTTPVersionIsAnswered505(version: String) throws {
        let server = try ServerProcess()
        let before = Set(server.workerPids)
        let outcome = try server.outcome(of: Array("GET / \(version)\r\n\(Self.host)\r\n".utf8))
        #expect(outcome == .answered(505), "\(version): \(outcome)")
        #expect(server.servesHealthCheck)
        #expect(Set(server.workerPids) == before)
    }

    @Test func aDeclaredFiftyMegabyteBodyIsRefusedBeforeItIsSent() throws {
        let server = try ServerProcess()
        let before = Set(server.workerPids)
        let client = try server.connect()
        try client.send("POST /predict HTTP/1.1\r\n\(Self.host)Content-Type: application/json\r\nContent-Length: 52428800\r\n\r\n")
        let reply = try client.readReply()
        #expect(reply.status == 413)
        #expect(Set(server.workerPids) == before)
    }
}
