import Foundation
import Testing
import TestSupport

/// Hostile `POST /predict` bodies through the real server: each is answered 4xx with a reason, and no
/// worker dies for it.
@Suite(.timeLimit(.minutes(3))) struct HostilePayloadTests {
    /// Each hostile body, by name.
    static let cases: [(String, [UInt8])] = [
        ("JSON nested 100,000 deep", Array(String(repeating: "[", count: 100_000).utf8)),
        ("objects nested 100,000 deep", Array(String(repeating: #"{"a":"#, count: 100_000).utf8)),
        ("invalid UTF-8 in a text", Array(#"{"texts": [{"text": "bad "#.utf8) + [0xff, 0xfe, 0xc3] + Array(#""}]}"#.utf8)),
        ("an overlong UTF-8 encoding", Array(#"{"texts": [{"text": ""#.utf8) + [0xc0, 0xaf] + Array(#""}]}"#.utf8)),
        ("a lone surrogate escape", Array(#"{"texts": [{"text": "\ud800"}]}"#.utf8)),
        ("a 10,000-text batch", Array((#"{"texts": ["# + Array(repeating: #"{"text": "x"}"#, count: 10_000).joined(separator: ",") + "]}").utf8)),
        ("a number as the text", Array(#"{"texts": [{"text": 42}]}"#.utf8)),
        ("null as the text", Array(#"{"texts": [{"text": null}]}"#.utf8)),
        ("an object as the text", Array(#"{"texts": [{"text": {"a": 1}}]}"#.utf8)),
        ("an array as the text", Array(#"{"texts": [{"text": ["a"]}]}"#.utf8)),
        ("numbers as texts", Array(#"{"texts": [1, 2.5, -3e400]}"#.utf8)),
        ("null texts", Array(#"{"texts": null}"#.utf8)),
        ("a string as texts", Array(#"{"texts": "abc"}"#.utf8)),
        ("an empty list", Array(#"{"texts": []}"#.utf8)),
        ("an empty text", Array(#"{"texts": [{"text": ""}]}"#.utf8)),
        ("a text over max_text_length", Array(#"{"texts": [{"text": "\#(String(repeating: "a", count: 10_001))"}]}"#.utf8)),
        ("a top-level array", Array("[]".utf8)),
        ("a top-level number", Array("1e999999".utf8)),
        ("a 100,000-digit number as the text", Array(#"{"texts": [{"text": 1\#(String(repeating: "0", count: 100_000))}]}"#.utf8)),
        ("trailing garbage", Array(#"{"texts": [{"text": "a"}]} xyz"#.utf8)),
        ("an unterminated string", Array(#"{"texts": [{"text": "abc"#.utf8)),
        ("a NUL byte", Array(#"{"texts": [{"text": "a"}]}"#.utf8) + [0]),
    ]

    @Test func everyHostileBodyIsRefusedAndNoWorkerRestarts() throws {
        let server = try ServerProcess()
        let before = Set(server.workerPids)
        for (name, body) in Self.cases {
            let outcome = try server.outcome(of: server.predictRequest(body))
            #expect(outcome.isRefusal && outcome != .closed, "\(name): \(outcome)")
            #expect(server.servesHealthCheck, "after \(name)")
        }
        #expect(Set(server.workerPids) == before, "a worker was replaced; log:\n\(server.log.suffix(3000))")
    }
}
