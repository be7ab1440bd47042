import NIOHTTP1
import Prefork
import Testing
import WorkerSeam
@testable import HTTPWorker

@Suite struct MetricsExpositionTests {
    /// A scoreboard with two live workers, each with the same routes and application counters.
    struct TwoWorkers {
        let board: Scoreboard
        let metrics: [ServerMetrics]
        let predictions: [MetricCounterFamily]

        init() throws {
            board = try Scoreboard.create(slotCount: 3, counterCount: ServerMetrics.scoreboardCounters)
            var metrics: [ServerMetrics] = []
            var predictions: [MetricCounterFamily] = []
            for slot in 0..<2 {
                board.resetSlot(slot, generation: 0, position: slot, now: 1)
                board.setPid(Int32(1000 + slot), slot: slot)
                board.setState(.ready, slot: slot, now: 2)
                let registry = MetricsRegistry(scoreboard: board, slot: slot)
                predictions.append(registry.counter("app_predictions_total", help: "Predictions.", label: "tag", values: ["a", #"b"\q"#]))
                registry.info("app_info", help: "Build\nfacts.", labels: [("version", "1.0")])
                var router = Router()
                router.add(.GET, "/") { _ in Response(status: .ok) }
                router.add(.GET, "/args/{arg}") { _ in Response(status: .ok) }
                router.add(.POST, "/args/{arg}") { _ in Response(status: .ok) }
                metrics.append(try ServerMetrics.install(in: &router, registry: registry, namespace: "tagifai"))
                #expect(router.routes.map(\.template) == ["/", "/args/{arg}", "/args/{arg}", "/metrics"])
            }
            self.metrics = metrics
            self.predictions = predictions
        }

        func render() -> String {
            MetricsExposition(namespace: "tagifai", layout: metrics[0].layout, counterFamilies: metrics[0].registry.counterFamilies, infos: metrics[0].registry.infos)
                .render(MetricsReadings(board.snapshot(), residentBytes: { UInt64($0) * 10 }))
        }
    }

    static func completed(_ route: Int?, _ method: HTTPMethod = .GET, status: Int = 200, microseconds: Int64 = 50) -> CompletedRequest {
        CompletedRequest(route: nil, routeIndex: route, method: method, status: status, duration: .microseconds(microseconds))
    }

    static func lines(_ text: String, _ prefix: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
    }

    @Test func requestCountsAreSummedOverWorkersByTemplateMethodAndStatus() throws {
        let server = try TwoWorkers()
        for _ in 0..<3 { server.metrics[0].record(Self.completed(0)) }
        for _ in 0..<2 { server.metrics[1].record(Self.completed(0)) }
        server.metrics[1].record(Self.completed(1, status: 404))
        server.metrics[0].record(Self.completed(2, .POST, status: 418))
        server.metrics[0].record(Self.completed(nil, .init(rawValue: "BREW"), status: 404))
        let text = server.render()
        #expect(Self.lines(text, "tagifai_http_requests_total{") == [
            #"tagifai_http_requests_total{route="/",method="GET",status="200"} 5"#,
            #"tagifai_http_requests_total{route="/args/{arg}",method="GET",status="404"} 1"#,
            #"tagifai_http_requests_total{route="/args/{arg}",method="POST",status="4xx"} 1"#,
            #"tagifai_http_requests_total{route="unmatched",method="other",status="404"} 1"#,
        ])
    }

    @Test func histogramBucketsAreCumulativeWithSumAndCount() throws {
        let server = try TwoWorkers()
        server.metrics[0].record(Self.completed(0, microseconds: 80))
        server.metrics[1].record(Self.completed(0, microseconds: 300))
        server.metrics[1].record(Self.completed(0, microseconds: 20_000_000))
        let text = server.render()
        let buckets = Self.lines(text, #"tagifai_http_request_duration_seconds_bucket{route="/","#)
        #expect(buckets.count == LatencyBuckets.count)
        #expect(buckets.first == #"tagifai_http_request_duration_seconds_bucket{route="/",le="0.0001"} 1"#)
        #expect(buckets.contains(#"tagifai_http_request_duration_seconds_bucket{route="/",le="0.0005"} 2"#))
        #expect(buckets.contains(#"tagifai_http_request_duration_seconds_bucket{route="/",le="10.0"} 2"#))
        #expect(buckets.last == #"tagifai_http_request_duration_seconds_bucket{route="/",le="+Inf"} 3"#)
        let counts = buckets.map { UInt64($0.split(separator: " ").last!)! }
        #expect(counts == counts.sorted(), "cumulative buckets never decrease")
        #expect(Self.lines(text, "tagifai_http_request_duration_seconds_count") == [#"tagifai_http_request_duration_seconds_count{route="/"} 3"#])
        #expect(Self.lines(text, "tagifai_http_request_duration_seconds_sum") == [#"tagifai_http_request_duration_seconds_sum{route="/"} 20.00038"#])
    }

    @Test func everyFamilyHasHelpAndTypeBeforeItsSamples() throws {
        let server = try TwoWorkers()
        server.metrics[0].record(Self.completed(0))
        let lines = server.render().split(separator: "\n").map(String.init)
        var declared: [String: String] = [:]
        for (index, line) in lines.enumerated() where line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            #expect(lines[index - 1].hasPrefix("# HELP \(parts[2]) "))
            declared[String(parts[2])] = String(parts[3])
        }
        #expect(declared["tagifai_http_requests_total"] == "counter")
        #expect(declared["tagifai_http_request_duration_seconds"] == "histogram")
        #expect(declared["tagifai_http_requests_in_flight"] == "gauge")
        #expect(declared["tagifai_workers"] == "gauge")
        #expect(declared["tagifai_worker_restarts_total"] == "counter")
        #expect(declared["tagifai_worker_resident_memory_bytes"] == "gauge")
        #expect(declared["app_predictions_total"] == "counter")
        #expect(declared["app_info"] == "gauge")
        for line in lines where !line.hasPrefix("#") {
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            let family = ["_bucket", "_sum", "_count"].reduce(name) { name, suffix in
                declared[name] == nil && name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
            }
            #expect(declared[family] != nil, "\(line) has no TYPE line")
        }
    }

    @Test func workersRestartsMemoryAndApplicationMetricsAreWritten() throws {
        let server = try TwoWorkers()
        server.predictions[0].increment(value: "a")
        server.predictions[1].increment(value: "a", by: 2)
        server.predictions[1].increment(1)
        server.predictions[1].increment(value: "unknown")
        server.board.countRestart(.timeout)
        server.board.requestStarted(slot: 1)
        let text = server.render()
        #expect(Self.lines(text, "app_predictions_total{") == [
            #"app_predictions_total{tag="a"} 3"#, #"app_predictions_total{tag="b\"\\q"} 1"#,
        ])
        #expect(text.contains("# HELP app_info Build\\nfacts.\n"))
        #expect(Self.lines(text, "app_info{") == [#"app_info{version="1.0"} 1"#])
        #expect(Self.lines(text, "tagifai_workers{") == [
            #"tagifai_workers{state="booting"} 0"#, #"tagifai_workers{state="ready"} 2"#, #"tagifai_workers{state="draining"} 0"#,
        ])
        #expect(Self.lines(text, "tagifai_worker_restarts_total{").contains(#"tagifai_worker_restarts_total{reason="timeout"} 1"#))
        #expect(Self.lines(text, "tagifai_worker_restarts_total{").count == WorkerRestartReason.allCases.count)
        #expect(Self.lines(text, "tagifai_worker_resident_memory_bytes{") == [
            #"tagifai_worker_resident_memory_bytes{slot="0"} 10000"#, #"tagifai_worker_resident_memory_bytes{slot="1"} 10010"#,
        ])
        #expect(Self.lines(text, "tagifai_http_requests_in_flight ") == ["tagifai_http_requests_in_flight 1"])
    }

    @Test func busySharesConnectionsAndTheAcceptQueueAreWritten() throws {
        let server = try TwoWorkers()
        server.board.publishBusy(slot: 0, short: 0.25, long: 0.5)
        server.board.connectionOpened(slot: 1)
        server.board.connectionOpened(slot: 1)
        let quiet = server.render()
        #expect(Self.lines(quiet, "tagifai_worker_busy_ratio{") == [
            #"tagifai_worker_busy_ratio{slot="0",window="10s"} 0.25"#, #"tagifai_worker_busy_ratio{slot="0",window="1m"} 0.5"#,
            #"tagifai_worker_busy_ratio{slot="1",window="10s"} 0.0"#, #"tagifai_worker_busy_ratio{slot="1",window="1m"} 0.0"#,
        ])
        #expect(Self.lines(quiet, "tagifai_worker_connections{") == [
            #"tagifai_worker_connections{slot="0"} 0"#, #"tagifai_worker_connections{slot="1"} 2"#,
        ])
        #expect(!quiet.contains("tagifai_listen_queue"), "no queue published: none written")
        server.board.publishAcceptQueue(ListeningSocket.AcceptQueue(length: 7, limit: 2048))
        let queued = server.render()
        #expect(Self.lines(queued, "tagifai_listen_queue_length ") == ["tagifai_listen_queue_length 7"])
        #expect(Self.lines(queued, "tagifai_listen_queue_limit ") == ["tagifai_listen_queue_limit 2048"])
    }

    @Test func autoscalingBoundsAreWrittenBesideTheWorkersWhenItIsOn() throws {
        let server = try TwoWorkers()
        let off = server.render()
        #expect(!off.contains("tagifai_workers_floor") && !off.contains("tagifai_workers_max"), "autoscaling off: no bounds")
        server.board.publishAutoscaling(AutoscalingBounds(floor: 2, ceiling: 6, workers: 3))
        let on = server.render()
        #expect(Self.lines(on, "tagifai_workers_floor ") == ["tagifai_workers_floor 2"])
        #expect(Self.lines(on, "tagifai_workers_max ") == ["tagifai_workers_max 6"])
        #expect(on.contains("# TYPE tagifai_workers_max gauge"))
        server.board.publishAutoscaling(nil)
        #expect(!server.render().contains("tagifai_workers_max"), "turned off by a reload: gone again")
    }

    @Test func countsOfAnExitedWorkerStayInTheTotals() throws {
        let server = try TwoWorkers()
        for _ in 0..<4 { server.metrics[1].record(Self.completed(0)) }
        server.predictions[1].increment(0)
        let before = server.render()
        server.board.retireSlot(1)
        let after = server.render()
        for prefix in [#"tagifai_http_requests_total{route="/""#, "app_predictions_total{", "tagifai_http_request_duration_seconds_count"] {
            #expect(Self.lines(before, prefix) == Self.lines(after, prefix))
        }
        #expect(Self.lines(after, #"tagifai_workers{state="ready"}"#) == [#"tagifai_workers{state="ready"} 1"#])
    }

    @Test func countersAWorkerScribbledOverAreRenderedWithoutTrapping() throws {
        let server = try TwoWorkers()
        let layout = server.metrics[0].layout
        server.board.addCounter(layout.durationCountCounter(routeSlot: 0), by: 1, slot: 1)
        server.board.addCounter(layout.bucketCounter(routeSlot: 0, bucket: 0), by: UInt64.max, slot: 1)
        server.board.addCounter(layout.bucketCounter(routeSlot: 0, bucket: 1), by: 5, slot: 1)
        let text = server.render()
        #expect(Self.lines(text, #"tagifai_http_request_duration_seconds_bucket{route="/",le="+Inf"}"#).count == 1)
    }

    @Test func statusesAreExactForKnownCodesAndByClassOtherwise() {
        #expect(MetricStatus.labels[MetricStatus.index(of: 422)] == "422")
        #expect(MetricStatus.labels[MetricStatus.index(of: 299)] == "2xx")
        #expect(MetricStatus.labels[MetricStatus.index(of: 103)] == "1xx")
        #expect(MetricStatus.labels[MetricStatus.index(of: 999)] == "other")
        #expect(MetricStatus.labels[MetricStatus.index(of: -1)] == "other")
        #expect(Set(MetricStatus.labels).count == MetricStatus.count)
    }

    @Test func theServersSeriesAreNamedUnderTheApplicationsNamespace() throws {
        let board = try Scoreboard.create(slotCount: 1, counterCount: ServerMetrics.scoreboardCounters)
        board.resetSlot(0, generation: 0, position: 0, now: 1)
        var router = Router()
        router.add(.GET, "/") { _ in Response(status: .ok) }
        let metrics = try ServerMetrics.install(
            in: &router, registry: MetricsRegistry(scoreboard: board, slot: 0), namespace: "shop")
        metrics.record(Self.completed(0))
        let families = Self.lines(metrics.render(), "# TYPE ").map { $0.split(separator: " ")[2] }
        #expect(families == [
            "shop_http_requests_total", "shop_http_request_duration_seconds", "shop_http_requests_in_flight",
            "shop_proxy_protocol_refusals_total", "shop_connections_closed_total", "shop_http_requests_by_protocol_total", "shop_workers", "shop_worker_restarts_total", "shop_worker_resident_memory_bytes",
            "shop_worker_busy_ratio", "shop_worker_connections",
        ])
    }

    @Test func anApplicationHistogramIsRenderedCumulativeWithItsSumAndCount() throws {
        let board = try Scoreboard.create(slotCount: 2, counterCount: ServerMetrics.scoreboardCounters)
        var renders: [String] = []
        for slot in 0..<2 {
            board.resetSlot(slot, generation: 0, position: slot, now: 1)
            var router = Router()
            router.add(.GET, "/") { _ in Response(status: .ok) }
            let registry = MetricsRegistry(scoreboard: board, slot: slot)
            let sizes = registry.histogram("app_batch_texts", help: "Texts per batch.", bounds: [1, 4])
            let metrics = try ServerMetrics.install(in: &router, registry: registry, namespace: "app")
            for value in slot == 0 ? [1.0, 3, 3] : [9, 0.5] { sizes.observe(value) }
            renders.append(metrics.render())
        }
        #expect(Self.lines(renders[1], "app_batch_texts") == [
            #"app_batch_texts_bucket{le="1.0"} 2"#, #"app_batch_texts_bucket{le="4.0"} 4"#,
            #"app_batch_texts_bucket{le="+Inf"} 5"#, "app_batch_texts_sum 16.5", "app_batch_texts_count 5",
        ])
        #expect(renders[1].contains("# TYPE app_batch_texts histogram"))
    }

    @Test func labelValuesAndHelpAreEscaped() {
        #expect(PrometheusText.escapeLabel(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
        #expect(PrometheusText.escapeHelp("x\\y\nz") == #"x\\y\nz"#)
    }

    @Test func aScoreboardTooSmallForTheRoutesIsRefused() throws {
        let board = try Scoreboard.create(slotCount: 1, counterCount: 10)
        var router = Router()
        router.add(.GET, "/") { _ in Response(status: .ok) }
        #expect(throws: MetricsError.self) {
            try ServerMetrics.install(in: &router, registry: MetricsRegistry(scoreboard: board, slot: 0), namespace: "tagifai")
        }
    }
}
