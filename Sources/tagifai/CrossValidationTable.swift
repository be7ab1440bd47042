import FoundationEssentials
import SystemSupport
import Tagifai

/// Renders a cross-validation report as the plain-text lines `train --cv` and `tune` print.
enum CrossValidationTable {
    /// "0.8850 ± 0.0170" for a list of per-fold values.
    static func meanAndDeviation(_ values: [Double]) -> String {
        let summary = CrossValidation.Report.meanAndDeviation(values)
        return String(printf: "%.4f ± %.4f", summary.mean, summary.deviation)
    }

    /// The weighted F1 by plain argmax and with the threshold rule, then each class's F1.
    static func render(_ report: CrossValidation.Report) -> String {
        var lines = [
            "weighted f1, plain argmax:               " + meanAndDeviation(report.argmax.map(\.overall.f1)),
            "weighted f1, cross-fitted threshold rule: " + meanAndDeviation(report.thresholded.map(\.overall.f1))
                + (report.thresholdHelps ? "  (helps: kept)" : "  (does not help: dropped)"),
            "fold weighted f1 (argmax): " + report.argmax.map { String(printf: "%.4f", $0.overall.f1) }
                .joined(separator: " "),
            "per-class f1, plain argmax:",
        ]
        for name in report.classes {
            lines.append(
                "  " + name.padded(to: 30)
                    + meanAndDeviation(report.argmax.compactMap { $0.perClass[name]?.f1 }))
        }
        return lines.joined(separator: "\n")
    }
}
