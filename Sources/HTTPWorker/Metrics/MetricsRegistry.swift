import NIOConcurrencyHelpers

/// The application's own metrics, served by `/metrics` beside the server's, so `HTTPWorker`
/// needs to know nothing of the application.
///
/// Counters live in the worker's `MetricsStore`, so `/metrics` sums them over every worker;
/// register them all before the server starts, in the same order in every worker, since their
/// place in the store is their order of registration.
public final class MetricsRegistry: Sendable {
    struct CounterFamily: Sendable {
        var name: String
        var help: String
        var label: String
        var values: [String]
        var firstCounter: Int
    }

    struct HistogramFamily: Sendable {
        var name: String
        var help: String
        var bounds: [Double]
        /// Counters: one per bound and one for +Inf (not cumulative), then the sum (in millionths), then the count.
        var firstCounter: Int
    }

    struct Info: Sendable {
        var name: String
        var help: String
        var labels: [(String, String)]
    }

    let store: any MetricsStore
    private let state = NIOLockedValueBox(
        (counters: [CounterFamily](), histograms: [HistogramFamily](), infos: [Info](), counterCount: 0))

    /// A registry whose counters this worker writes into `store`.
    public init(store: any MetricsStore) {
        self.store = store
    }

    /// A counter family with one series per value of `label` (`tagifai_predictions_total{tag}`).
    public func counter(_ name: String, help: String, label: String, values: [String]) -> MetricCounterFamily {
        let first = state.withLockedValue { state in
            let first = state.counterCount
            state.counters.append(CounterFamily(name: name, help: help, label: label, values: values, firstCounter: first))
            state.counterCount += values.count
            return first
        }
        return MetricCounterFamily(values: values, firstCounter: first, store: store)
    }

    /// A histogram of observed values with the upper bounds `bounds` (ascending) and +Inf
    /// (`tagifai_inference_duration_seconds`); its sum keeps six decimal places.
    public func histogram(_ name: String, help: String, bounds: [Double]) -> MetricHistogram {
        let first = state.withLockedValue { state in
            let first = state.counterCount
            state.histograms.append(HistogramFamily(name: name, help: help, bounds: bounds, firstCounter: first))
            state.counterCount += bounds.count + 3
            return first
        }
        return MetricHistogram(bounds: bounds, firstCounter: first, store: store)
    }

    /// A constant gauge of 1 whose labels carry facts (`tagifai_model_info{version}`).
    public func info(_ name: String, help: String, labels: [(String, String)]) {
        state.withLockedValue { $0.infos.append(Info(name: name, help: help, labels: labels)) }
    }

    var counterFamilies: [CounterFamily] { state.withLockedValue(\.counters) }
    var histograms: [HistogramFamily] { state.withLockedValue(\.histograms) }
    var infos: [Info] { state.withLockedValue(\.infos) }
    /// Store counters the registered families use, from counter 0.
    var counterCount: Int { state.withLockedValue(\.counterCount) }
}

/// The counters of one family registered in a `MetricsRegistry`, one per label value.
public struct MetricCounterFamily: Sendable {
    /// The label values, in registration order.
    public let values: [String]
    let firstCounter: Int
    let store: any MetricsStore

    /// Adds `amount` to the series of `values[index]`.
    public func increment(_ index: Int, by amount: UInt64 = 1) {
        store.add(amount, toCounter: firstCounter + index)
    }

    /// Adds `amount` to the series of `value`; a value not registered is ignored.
    public func increment(value: String, by amount: UInt64 = 1) {
        guard let index = values.firstIndex(of: value) else { return }
        increment(index, by: amount)
    }
}

/// A histogram registered in a `MetricsRegistry`, summed over every worker like its counters.
public struct MetricHistogram: Sendable {
    let bounds: [Double]
    let firstCounter: Int
    let store: any MetricsStore

    /// Counts `value` in the first bucket whose bound it does not exceed, and in the sum and count.
    public func observe(_ value: Double) {
        let bucket = bounds.firstIndex { value <= $0 } ?? bounds.count
        store.add(1, toCounter: firstCounter + bucket)
        store.add(UInt64(max(0, (value * 1e6).rounded())), toCounter: firstCounter + bounds.count + 1)
        store.add(1, toCounter: firstCounter + bounds.count + 2)
    }
}
