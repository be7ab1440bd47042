import Prefork

/// Renders a scoreboard snapshot as the whole server's metrics, in Prometheus' text format.
///
/// Counters are summed over live workers and the retired totals of exited ones, so no counter
/// goes down when a worker is replaced. Request series are written only for the route,
/// method and status combinations that have been seen. Every series of the server's own is named
/// under `namespace` (`<namespace>_http_requests_total`), which the application chooses.
struct MetricsExposition {
    let namespace: String
    let layout: RequestMetricsLayout
    let counterFamilies: [MetricsRegistry.CounterFamily]
    let infos: [MetricsRegistry.Info]

    func render(_ snapshot: ScoreboardSnapshot, residentBytes: (Int32) -> UInt64? = ProcessMemory.residentBytes) -> String {
        var out = PrometheusText()
        writeRequests(snapshot, to: &out)
        writeDurations(snapshot, to: &out)
        let inFlight = namespace + "_http_requests_in_flight"
        out.family(inFlight, type: "gauge", help: "Requests being handled by all workers.")
        out.sample(inFlight, [], String(snapshot.slots.reduce(0) { $0 &+ $1.inFlight }))
        for family in counterFamilies {
            out.family(family.name, type: "counter", help: family.help)
            for (index, value) in family.values.enumerated() {
                out.sample(family.name, [(family.label, value)], String(snapshot.total(counter: family.firstCounter + index)))
            }
        }
        writeWorkers(snapshot, residentBytes: residentBytes, to: &out)
        for info in infos {
            out.family(info.name, type: "gauge", help: info.help)
            out.sample(info.name, info.labels, "1")
        }
        return out.text
    }

    private func writeRequests(_ snapshot: ScoreboardSnapshot, to out: inout PrometheusText) {
        let name = namespace + "_http_requests_total"
        out.family(name, type: "counter", help: "HTTP requests answered, by route template, method and status code.")
        for (routeSlot, route) in layout.routeLabels.enumerated() {
            for method in MetricMethod.allCases {
                for (status, statusLabel) in MetricStatus.labels.enumerated() {
                    let counter = layout.requestCounter(routeSlot: routeSlot, method: method.rawValue, status: status)
                    let total = snapshot.total(counter: counter)
                    guard total > 0 else { continue }
                    out.sample(name, [("route", route), ("method", method.label), ("status", statusLabel)], String(total))
                }
            }
        }
    }

    private func writeDurations(_ snapshot: ScoreboardSnapshot, to out: inout PrometheusText) {
        let name = namespace + "_http_request_duration_seconds"
        out.family(name, type: "histogram", help: "Time from a complete request head to its response being ready, by route template.")
        for (routeSlot, route) in layout.routeLabels.enumerated() {
            let count = snapshot.total(counter: layout.durationCountCounter(routeSlot: routeSlot))
            guard count > 0 else { continue }
            var cumulative: UInt64 = 0
            for (bucket, bound) in LatencyBuckets.labels.enumerated() {
                cumulative &+= snapshot.total(counter: layout.bucketCounter(routeSlot: routeSlot, bucket: bucket))
                out.sample(name + "_bucket", [("route", route), ("le", bound)], String(cumulative))
            }
            let sum = Double(snapshot.total(counter: layout.durationSumCounter(routeSlot: routeSlot))) / 1e9
            out.sample(name + "_sum", [("route", route)], PrometheusText.number(sum))
            out.sample(name + "_count", [("route", route)], String(count))
        }
    }

    private func writeWorkers(
        _ snapshot: ScoreboardSnapshot, residentBytes: (Int32) -> UInt64?, to out: inout PrometheusText
    ) {
        let workers = namespace + "_workers", restarts = namespace + "_worker_restarts_total"
        let memory = namespace + "_worker_resident_memory_bytes"
        out.family(workers, type: "gauge", help: "Worker processes, by state.")
        for state in [WorkerSlotState.booting, .ready, .draining] {
            out.sample(workers, [("state", state.description)], String(snapshot.slots.count { $0.state == state }))
        }
        out.family(restarts, type: "counter", help: "Workers the supervisor replaced, by reason.")
        for reason in WorkerRestartReason.allCases {
            out.sample(restarts, [("reason", reason.description)], String(snapshot.restarts[reason] ?? 0))
        }
        out.family(memory, type: "gauge", help: "Resident memory of each live worker process, by scoreboard slot.")
        for slot in snapshot.slots where slot.pid > 0 {
            guard let bytes = residentBytes(slot.pid) else { continue }
            out.sample(memory, [("slot", String(slot.slot))], String(bytes))
        }
    }
}
