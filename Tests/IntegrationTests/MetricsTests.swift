import Foundation
import Glibc
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(3))) struct MetricsTests {
    static let rootRequests = #"tagifai_http_requests_total{route="/",method="GET",status="200"}"#

    @Test func totalsEqualTheRequestsSentOverSeveralWorkersAndStatusListsThem() throws {
        let scratch = try ScratchFolder("status")
        let pidfile = scratch.path("tagifai.pid")
        let server = try ServerProcess(workers: 3, arguments: ["--set", "reuse_port=true", "--pidfile", pidfile])
        let sent = 60
        for _ in 0..<sent { #expect(try server.request("GET", "/").status == 200) }
        let samples = metricSamples(try server.metricsText())
        #expect(samples[Self.rootRequests] == Double(sent))
        #expect(samples[#"tagifai_http_request_duration_seconds_count{route="/"}"#] == Double(sent))
        #expect(samples[#"tagifai_http_request_duration_seconds_bucket{route="/",le="+Inf"}"#] == Double(sent))
        #expect(samples[#"tagifai_workers{state="ready"}"#] == 3)

        let result = try TagifaiBinary.run(["status", "--pidfile", pidfile, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let status = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let workers = try #require(status["workers"] as? [[String: Any]])
        #expect(Set(workers.compactMap { ($0["pid"] as? NSNumber)?.int32Value }) == Set(server.workerPids))
        let served = workers.compactMap { ($0["requests"] as? NSNumber)?.intValue }
        #expect(served.reduce(0, +) == sent + 1, "the requests to / and the one to /metrics")
        #expect(served.filter { $0 > 0 }.count >= 2, "requests spread over several workers: \(served)")
        #expect(workers.allSatisfy { $0["state"] as? String == "ready" && ($0["rss_bytes"] as? NSNumber)?.intValue ?? 0 > 0 })

        let table = try TagifaiBinary.run(["status", "--pidfile", pidfile])
        #expect(table.status == 0)
        for pid in server.workerPids { #expect(table.stdout.contains(" \(pid) ")) }
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 3 + 4, "header, one row per worker, totals, the accept queue, the verdict")
        let verdict = String(lines.last ?? "")
        #expect(["saturated: ", "idle: ", "uneven: ", "ok: "].contains { verdict.hasPrefix($0) }, "\(verdict)")
    }

    @Test func requestsRefusedBeforeTheirHeadAreCounted() throws {
        let server = try ServerProcess(workers: 1)
        let client = try server.connect()
        try client.send("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
        #expect(try client.readReply().status == 400)
        let samples = metricSamples(try server.metricsText())
        #expect(samples[#"tagifai_http_requests_total{route="unmatched",method="other",status="400"}"#] == 1)
        #expect(samples["tagifai_http_requests_in_flight"] == 1, "only the scrape itself")
    }

    @Test func killingAWorkerLowersNoCounter() throws {
        let server = try ServerProcess(workers: 2)
        for _ in 0..<20 { _ = try server.request("GET", "/") }
        // One of the lesson's behavioral cases, whose tag is known without asking the model.
        let text = "ML applied to image classification."
        let tagged = #"tagifai_predictions_total{tag="computer-vision"}"#
        _ = try server.request(
            "POST", "/predict", body: #"{"texts": [{"text": "\#(text)"}]}"#,
            headers: ["Content-Type": "application/json"])
        _ = try server.request("GET", "/args/nope")
        let before = metricSamples(try server.metricsText())
        let victim = try #require(server.workerPids.first)
        kill(victim, SIGKILL)
        var after: [String: Double] = [:]
        let replaced = eventually(within: 60) {
            after = metricSamples((try? server.metricsText()) ?? "")
            return after[#"tagifai_worker_restarts_total{reason="crash"}"#] ?? 0 >= 1 && after[#"tagifai_workers{state="ready"}"#] == 2
        }
        #expect(replaced, "a replacement worker is ready and the crash is counted")
        for (series, value) in before where series.contains("_total") || series.contains("_bucket") || series.contains("_count") {
            #expect((after[series] ?? 0) >= value, "\(series) went from \(value) to \(after[series] ?? 0)")
        }
        #expect((after[Self.rootRequests] ?? 0) >= 20)
        #expect(before[tagged] == 1)
        #expect(after[tagged] == 1)
    }

    @Test func theExpositionParsesWithPrometheusClient() throws {
        let server = try ServerProcess(workers: 2)
        _ = try server.request("GET", "/")
        _ = try server.request("GET", "/missing")
        _ = try server.request("POST", "/predict", body: "{}", headers: ["Content-Type": "application/json"])
        let text = try server.metricsText()
        // The text format's media type, version included, as Prometheus negotiates it.
        #expect(try server.request("GET", "/metrics").header("content-type") == "text/plain; version=0.0.4; charset=utf-8")
        let checker = try runTool(
            PackageFiles.root.appendingPathComponent("scripts/check-prometheus-exposition").path, [], input: Data(text.utf8))
        #expect(checker.status == 0, "\(checker.stderr)")
        let families = checker.output
        for family in [
            "tagifai_http_requests counter", "tagifai_http_request_duration_seconds histogram",
            "tagifai_http_requests_in_flight gauge", "tagifai_predictions counter", "tagifai_workers gauge",
            "tagifai_worker_restarts counter", "tagifai_model_info gauge", "tagifai_worker_resident_memory_bytes gauge",
        ] {
            #expect(families.contains(family + " "), "\(family) in \(families)")
        }
    }

    @Test func metricsFalseRemovesTheRoute() throws {
        let server = try ServerProcess(workers: 1, arguments: ["--set", "metrics=false"])
        #expect(try server.request("GET", "/metrics").status == 404)
        #expect(try server.request("GET", "/").status == 200)
    }

    @Test func metricsBindServesThemElsewhereAndNotOnThePublicPort() throws {
        let server = try ServerProcess(workers: 2, arguments: ["--set", "metrics_bind=127.0.0.1:0"])
        let metricsPort = try #require(server.namedPort("metrics"), "\(server.log)")
        #expect(metricsPort != server.port)
        _ = try server.request("GET", "/")
        let samples = metricSamples(try server.metricsText(port: metricsPort))
        #expect(samples[Self.rootRequests] == 1)
        #expect(try server.request("GET", "/metrics").status == 404)
        let client = try RawHTTPClient(port: metricsPort)
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(try client.readReply().status == 404, "the metrics address serves nothing but /metrics")
    }

    @Test func aClientOutsideMetricsAllowIPsGetsTheNotFoundOfAnUnknownRoute() throws {
        let server = try ServerProcess(workers: 1, arguments: ["--set", "metrics_allow_ips=10.0.0.0/8, 192.0.2.1"])
        let refused = try server.request("GET", "/metrics")
        let unknown = try server.request("GET", "/nowhere")
        #expect(refused.status == 404)
        #expect(refused.text == unknown.text)
        #expect(!refused.text.contains("tagifai_"))
    }

    @Test func byDefaultLoopbackReadsMetricsButNotAClientATrustedProxyNames() throws {
        // forwarded_allow_ips defaults to 127.0.0.1: this client is a trusted proxy for itself.
        let server = try ServerProcess(workers: 1)
        #expect(try server.metricsText().contains("tagifai_http_requests_total"))
        let named = try server.request("GET", "/metrics", headers: ["X-Forwarded-For": "203.0.113.9"])
        #expect(named.status == 404)
        let local = try server.request("GET", "/metrics", headers: ["X-Forwarded-For": "::1"])
        #expect(local.status == 200)
    }

    @Test func metricsBindAnswersEveryClientWhateverTheList() throws {
        let server = try ServerProcess(workers: 1, arguments: [
            "--set", "metrics_bind=127.0.0.1:0", "--set", "metrics_allow_ips=192.0.2.1",
            "--set", "forwarded_allow_ips=*",
        ])
        let metricsPort = try #require(server.namedPort("metrics"), "\(server.log)")
        #expect(try server.metricsText(port: metricsPort).contains("tagifai_http_requests_total"))
        let client = try RawHTTPClient(port: metricsPort)
        try client.send("GET /metrics HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n")
        #expect(try client.readReply().status == 200)
    }

    @Test func aBadMetricsAllowIPsNamesTheKeyTheValueAndWhatItTakes() throws {
        let result = try TagifaiBinary.run(["check-config", "--set", "metrics_allow_ips=10.0.0.0/33,localhost"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("metrics_allow_ips: invalid value \"10.0.0.0/33\""), "\(result.stderr)")
        #expect(result.stderr.contains("metrics_allow_ips: invalid value \"localhost\""), "\(result.stderr)")
        #expect(result.stderr.contains("a list of IP addresses or CIDR networks"), "\(result.stderr)")
    }

    @Test func statusWithoutARunningServerSaysWhatIsWrong() throws {
        let missing = try TagifaiBinary.run(["status", "--pidfile", "/nonexistent/tagifai.pid"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/tagifai.pid"))
        let scratch = try ScratchFolder("status")
        let notRunning = try TagifaiBinary.run(
            ["status", "--config", "etc/tagifai.yaml"], environment: testEnvironment(["XDG_RUNTIME_DIR": scratch.path("run")]))
        #expect(notRunning.status == 1)
        #expect(notRunning.stderr.contains("pidfile \(scratch.path("run"))/tagifai/tagifai-"), "\(notRunning.stderr)")
        #expect(notRunning.stderr.contains(".pid does not exist or holds no pid"), "\(notRunning.stderr)")
        let config = scratch.path("none.yaml")
        try Data("pidfile: null\n".utf8).write(to: URL(fileURLWithPath: config))
        let noPidfile = try TagifaiBinary.run(["status", "--config", config])
        #expect(noPidfile.status == 1)
        #expect(noPidfile.stderr.contains("no pidfile to find the server by: config \(config) sets no pidfile"), "\(noPidfile.stderr)")
    }
}
