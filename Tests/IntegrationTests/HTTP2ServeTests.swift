import Foundation
import Testing
import TestSupport

/// The API's contract over HTTP/2 through the real binary with `http_protocols: h1,h2`, driven with
/// curl by prior knowledge (h2c): the same answers as over HTTP/1.1, the access log's `HTTP/2.0`,
/// and the requests counted by protocol.
@Suite(.timeLimit(.minutes(3)), .enabled(if: OutsideTools.available(TestCertificates.toolsInstalled), "needs curl (scripts/test installs it)"))
struct HTTP2ServeTests {
    /// curl's answer to `method path` over h2c (or HTTP/1.1 with `http1`): the HTTP version, status and body.
    private func curl(
        _ server: ServerProcess, _ method: String, _ path: String, json: String? = nil, http1: Bool = false
    ) throws -> (version: String, status: Int, body: String) {
        let body = json.map { ["-H", "Content-Type: application/json", "--data-binary", $0] } ?? []
        let result = try runTool(TestCertificates.curl, [
            "--silent", "--show-error", "--max-time", "10", http1 ? "--http1.1" : "--http2-prior-knowledge",
            "-X", method, "--write-out", "\n%{http_version} %{http_code}",
        ] + body + ["http://127.0.0.1:\(server.port)\(path)"])
        #expect(result.status == 0, "\(result.stderr)")
        var lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        let last = (lines.popLast() ?? "").split(separator: " ")
        return (String(last.first ?? ""), Int(last.last ?? "") ?? 0, lines.joined(separator: "\n"))
    }

    /// The parts of an envelope that do not change from one request to the next.
    private func stable(_ body: String) throws -> [String: String] {
        let envelope = try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        return envelope.filter { $0.key != "timestamp" }.mapValues { value in
            String(decoding: (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])) ?? Data(), as: UTF8.self)
        }
    }

    @Test func theContractIsTheSameOverH2cAndHTTP1() throws {
        let scratch = try ScratchFolder("h2-access")
        let accessLog = scratch.path("access.log")
        let server = try ServerProcess(arguments: [
            "--set", "http_protocols=h1,h2", "--set", "accesslog=\(accessLog)", "--set", "access_log_format=%(r)s %(s)s",
        ])
        let valid = #"{"texts": [{"text": "Transfer learning with transformers for text classification."}]}"#
        let cases: [(String, String, String?, Int)] = [
            ("GET", "/", nil, 200),
            ("POST", "/predict", valid, 200),
            ("POST", "/predict", #"{"texts": []}"#, 422),
            ("POST", "/predict", #"{"texts": "#, 422),
            ("GET", "/nowhere", nil, 404),
            ("DELETE", "/predict", nil, 405),
            ("GET", "/args/learning_rate", nil, 200),
        ]
        for (method, path, json, status) in cases {
            let h2 = try curl(server, method, path, json: json)
            let h1 = try curl(server, method, path, json: json, http1: true)
            #expect(h2.version == "2" && h1.version == "1.1", "\(method) \(path)")
            #expect(h2.status == status && h1.status == status, "\(method) \(path)")
            #expect(try stable(h2.body) == stable(h1.body), "\(method) \(path)")
        }
        #expect(try curl(server, "POST", "/predict", json: valid).body.contains(#""predicted_tag":"natural-language-processing""#))

        let samples = metricSamples(try server.metricsText())
        #expect(samples[#"tagifai_http_requests_by_protocol_total{protocol="HTTP/2.0"}"#] == Double(cases.count + 1))
        #expect(samples[#"tagifai_http_requests_by_protocol_total{protocol="HTTP/1.1"}"#] == Double(cases.count), "the scrape not yet")
        #expect(eventually(within: 5) {
            let log = (try? String(contentsOfFile: accessLog, encoding: .utf8)) ?? ""
            return log.contains("GET / HTTP/2.0 200\n") && log.contains("POST /predict HTTP/2.0 422\n")
        }, "the access log shows HTTP/2.0")
    }
}
