import FoundationEssentials
import SystemSupport
import Tagifai

/// Renders `Performance` as the plain-text table the commands print.
enum MetricsTable {
    static func render(_ performance: Performance) -> String {
        var lines = [row("", "precision", "recall", "f1", "samples")]
        for name in performance.perClass.keys.sorted() {
            lines.append(row(name, performance.perClass[name]!))
        }
        lines.append(row("overall (weighted)", performance.overall))
        for name in performance.slices.keys.sorted() {
            lines.append(row("slice \(name) (micro)", performance.slices[name]!))
        }
        return lines.joined(separator: "\n")
    }

    private static func row(_ name: String, _ metrics: Performance.Metrics) -> String {
        row(name, format(metrics.precision), format(metrics.recall), format(metrics.f1), "\(metrics.numSamples)")
    }

    private static func row(_ cells: String...) -> String {
        let name = cells[0].padded(to: 32)
        return name + cells.dropFirst().map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined()
    }

    private static func format(_ value: Double) -> String {
        String(printf: "%.4f", value)
    }
}
