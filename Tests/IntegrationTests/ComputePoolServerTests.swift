import Foundation
import Glibc
import Testing
import TestSupport

/// The API over a costly model (`ComputePoolBench`, whose stand-in model sleeps): `/predict` runs on
/// the compute pool, so the event loop answers `GET /` while every compute thread is busy.
@Suite(.timeLimit(.minutes(1))) struct ComputePoolServerTests {
    @Test func getSlashIsAnsweredWhileEveryComputeThreadPredicts() throws {
        let scratch = try ScratchFolder("pool")
        let output = scratch.url.appendingPathComponent("out.log")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = try PackageFiles.executable("ComputePoolBench")
        // Batches of one text, each taking 3 s on one of the two compute threads.
        process.arguments = ["0", "1", "3000", "0"]
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        // SIGKILL: the test process may hand its blocked signals (TERM among them) on to the child.
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        var port: Int?
        #expect(eventually(within: 20) {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            port = text.split(separator: "\n").first { $0.hasPrefix("listening on") }
                .flatMap { Int($0.split(separator: ":")[1].prefix { $0.isNumber }) }
            return port != nil
        })
        let serverPort = try #require(port)
        let body = #"{"texts":[{"text":"one"}]}"#
        let request = "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let predicting = try (0..<2).map { _ in
            let client = try RawHTTPClient(port: serverPort, timeout: 20)
            try client.send(request)
            return client
        }
        let health = try RawHTTPClient(port: serverPort, timeout: 20)
        try health.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try health.readReply().status == 200)
        #expect(predicting.allSatisfy { !$0.hasInput(within: 0) }, "both predictions still run")
        for client in predicting {
            let reply = try client.readReply()
            #expect(reply.status == 200 && reply.text.contains(#""input_text":"one","predicted_tag":"other""#))
        }
    }
}
