/// NumPy's default (linear) quantile.
enum Quantile {
    /// The `q` quantile of `values`, interpolating between the two nearest ranks; 0 when empty.
    static func value(_ values: [Double], at q: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
