import ArgumentParser
import FoundationEssentials
import SystemSupport
import Tagifai

/// `tagifai bench-model`: measures model load time and per-text prediction time.
struct BenchModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-model",
        abstract: "Measure how long the model takes to load and to tag one text.",
        discussion: """
            Loads the model --loads times, then tags a 100-character text --iterations times on \
            this thread, timing each call (clean, vectorise, score). Prints the median and p99 of both.
            """)

    /// A typical 100-character project text.
    static let sampleText =
        "Transformers for named entity recognition: fine-tune BERT on CoNLL with PyTorch and Hugging Face now"

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "How many predictions to time.")
    var iterations = 200_000

    @Option(help: "How many loads to time.")
    var loads = 50

    @Option(help: "The text to tag (default: a 100-character project text).")
    var text: String?

    func validate() throws {
        guard iterations > 0, loads > 0 else { throw ValidationError("--iterations and --loads must be at least 1") }
    }

    func run() throws {
        let clock = ContinuousClock()
        var loadTimes: [Duration] = []
        var model = try modelOptions.load()
        for _ in 0..<loads {
            let start = clock.now
            model = try modelOptions.load()
            loadTimes.append(clock.now - start)
        }
        let text = text ?? Self.sampleText
        var tagCounts: [String: Int] = [:]
        for _ in 0..<min(iterations, 1000) { tagCounts[model.tags(for: [text])[0], default: 0] += 1 }
        var predictTimes: [Duration] = []
        predictTimes.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = clock.now
            let tag = model.tags(for: [text])[0]
            predictTimes.append(clock.now - start)
            tagCounts[tag, default: 0] += 1
        }
        print("model \(model.manifest.modelVersion) from \(modelOptions.model)")
        print("load (\(loads) runs):            median \(Self.format(Self.percentile(loadTimes, 0.5)))  p99 \(Self.format(Self.percentile(loadTimes, 0.99)))")
        print("predict, \(text.count) chars (\(iterations) runs): median \(Self.format(Self.percentile(predictTimes, 0.5)))  p99 \(Self.format(Self.percentile(predictTimes, 0.99)))")
        print("tag: \(tagCounts.max { $0.value < $1.value }!.key)")
    }

    static func percentile(_ times: [Duration], _ fraction: Double) -> Duration {
        let sorted = times.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    static func format(_ duration: Duration) -> String {
        let nanoseconds = Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
        return nanoseconds >= 1e6 ? String(printf: "%.2f ms", nanoseconds / 1e6) : String(printf: "%.2f µs", nanoseconds / 1e3)
    }
}
