/// Renders the whole server's readings as its metrics, in Prometheus' text format.
///
/// Counters are summed over live workers and the totals of exited ones (`MetricsStore`), so no
/// counter goes down when a worker is replaced. Request series are written only for the route,
/// method and status combinations that have been seen. Every series of the server's own is named
/// under `namespace` (`<namespace>_http_requests_total`), which the application chooses.
struct MetricsExposition {
    let namespace: String
    let layout: RequestMetricsLayout
    let counterFamilies: [MetricsRegistry.CounterFamily]
    var histograms: [MetricsRegistry.HistogramFamily] = []
    let infos: [MetricsRegistry.Info]

    func render(_ readings: MetricsReadings) -> String {
        var out = PrometheusText()
        writeRequests(readings, to: &out)
        writeDurations(readings, to: &out)
        let inFlight = namespace + "_http_requests_in_flight"
        out.family(inFlight, type: "gauge", help: "Requests being handled by all workers.")
        out.sample(inFlight, [], String(readings.inFlight))
        for family in counterFamilies {
            out.family(family.name, type: "counter", help: family.help)
            for (index, value) in family.values.enumerated() {
                out.sample(family.name, [(family.label, value)], String(readings.total(counter: family.firstCounter + index)))
            }
        }
        for histogram in histograms { write(histogram, readings, to: &out) }
        writeWorkers(readings, to: &out)
        for info in infos {
            out.family(info.name, type: "gauge", help: info.help)
            out.sample(info.name, info.labels, "1")
        }
        return out.text
    }

    private func writeRequests(_ readings: MetricsReadings, to out: inout PrometheusText) {
        let name = namespace + "_http_requests_total"
        out.family(name, type: "counter", help: "HTTP requests answered, by route template, method and status code.")
        for (routeSlot, route) in layout.routeLabels.enumerated() {
            for method in MetricMethod.allCases {
                for (status, statusLabel) in MetricStatus.labels.enumerated() {
                    let counter = layout.requestCounter(routeSlot: routeSlot, method: method.rawValue, status: status)
                    let total = readings.total(counter: counter)
                    guard total > 0 else { continue }
                    out.sample(name, [("route", route), ("method", method.label), ("status", statusLabel)], String(total))
                }
            }
        }
    }

    private func writeDurations(_ readings: MetricsReadings, to out: inout PrometheusText) {
        let name = namespace + "_http_request_duration_seconds"
        out.family(name, type: "histogram", help: "Time from a complete request head to its response being ready, by route template.")
        for (routeSlot, route) in layout.routeLabels.enumerated() {
            let count = readings.total(counter: layout.durationCountCounter(routeSlot: routeSlot))
            guard count > 0 else { continue }
            var cumulative: UInt64 = 0
            for (bucket, bound) in LatencyBuckets.labels.enumerated() {
                cumulative &+= readings.total(counter: layout.bucketCounter(routeSlot: routeSlot, bucket: bucket))
                out.sample(name + "_bucket", [("route", route), ("le", bound)], String(cumulative))
            }
            let sum = Double(readings.total(counter: layout.durationSumCounter(routeSlot: routeSlot))) / 1e9
            out.sample(name + "_sum", [("route", route)], PrometheusText.number(sum))
            out.sample(name + "_count", [("route", route)], String(count))
        }
    }

    private func write(_ histogram: MetricsRegistry.HistogramFamily, _ readings: MetricsReadings, to out: inout PrometheusText) {
        out.family(histogram.name, type: "histogram", help: histogram.help)
        var cumulative: UInt64 = 0
        let labels = histogram.bounds.map(PrometheusText.number) + ["+Inf"]
        for (bucket, bound) in labels.enumerated() {
            cumulative &+= readings.total(counter: histogram.firstCounter + bucket)
            out.sample(histogram.name + "_bucket", [("le", bound)], String(cumulative))
        }
        let sum = Double(readings.total(counter: histogram.firstCounter + labels.count)) / 1e6
        out.sample(histogram.name + "_sum", [], PrometheusText.number(sum))
        out.sample(histogram.name + "_count", [], String(readings.total(counter: histogram.firstCounter + labels.count + 1)))
    }

    private func writeWorkers(_ readings: MetricsReadings, to out: inout PrometheusText) {
        let workers = namespace + "_workers", restarts = namespace + "_worker_restarts_total"
        let memory = namespace + "_worker_resident_memory_bytes"
        out.family(workers, type: "gauge", help: "Worker processes, by state.")
        for (state, count) in readings.workersByState {
            out.sample(workers, [("state", state)], String(count))
        }
        if let bounds = readings.workerBounds {
            let floor = workers + "_floor", most = workers + "_max"
            out.family(floor, type: "gauge", help: "The fewest workers autoscaling runs (workers).")
            out.sample(floor, [], String(bounds.floor))
            out.family(most, type: "gauge", help: "The most workers autoscaling runs (workers_max).")
            out.sample(most, [], String(bounds.max))
        }
        out.family(restarts, type: "counter", help: "Workers the supervisor replaced, by reason.")
        for (reason, count) in readings.restartsByReason {
            out.sample(restarts, [("reason", reason)], String(count))
        }
        out.family(memory, type: "gauge", help: "Resident memory of each live worker process, by scoreboard slot.")
        for (slot, bytes) in readings.residentBytesBySlot {
            out.sample(memory, [("slot", String(slot))], String(bytes))
        }
        writeSaturation(readings, to: &out)
    }

    /// Whether the workers keep up: each one's busy share and open connections, and the connections
    /// waiting in the accept queue.
    private func writeSaturation(_ readings: MetricsReadings, to out: inout PrometheusText) {
        let busy = namespace + "_worker_busy_ratio", connections = namespace + "_worker_connections"
        out.family(busy, type: "gauge", help: "Share of each worker's event-loop time spent running or waiting for a CPU, by slot and window (10s, 1m).")
        for (slot, short, long) in readings.busyBySlot {
            out.sample(busy, [("slot", String(slot)), ("window", "10s")], PrometheusText.number(short))
            out.sample(busy, [("slot", String(slot)), ("window", "1m")], PrometheusText.number(long))
        }
        out.family(connections, type: "gauge", help: "Connections each worker holds open, by slot.")
        for (slot, count) in readings.connectionsBySlot {
            out.sample(connections, [("slot", String(slot))], String(count))
        }
        guard let queue = readings.acceptQueue else { return }
        let length = namespace + "_listen_queue_length", limit = namespace + "_listen_queue_limit"
        out.family(length, type: "gauge", help: "Connections waiting in the listening sockets' accept queues.")
        out.sample(length, [], String(queue.length))
        out.family(limit, type: "gauge", help: "The most connections the listening sockets' accept queues hold (backlog).")
        out.sample(limit, [], String(queue.limit))
    }
}
