/// The request duration histogram's upper bounds, fixed so every worker counts into the same buckets.
///
/// From 100 µs (the API answers most requests in tens of microseconds) to 10 s; durations
/// above the last bound fall in the `+Inf` bucket.
enum LatencyBuckets {
    static let bounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Buckets stored per route: one per bound, then `+Inf`.
    static var count: Int { bounds.count + 1 }
    /// The `le` label values, `+Inf` last.
    static let labels: [String] = bounds.map(PrometheusText.number) + ["+Inf"]
    private static let boundNanoseconds: [Int64] = bounds.map { Int64(($0 * 1e9).rounded()) }

    /// The bucket a duration in nanoseconds falls in (not cumulative: the first bound it does not exceed).
    static func index(ofNanoseconds nanoseconds: Int64) -> Int {
        var index = 0
        while index < boundNanoseconds.count, nanoseconds > boundNanoseconds[index] { index += 1 }
        return index
    }
}
