import ArgumentParser
import FoundationEssentials
import Tagifai

/// `tagifai evaluate`: scores the trained model on a labelled CSV.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score the trained model on a labelled projects CSV.",
        discussion: "Tags outside the model's classes count as \"other\". --json prints the performance.json shape. Scoring the data the model was trained on (the same SHA-256 as its manifest) prints a note on stderr: such scores say nothing of new texts.")

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var dataOptions: DataOptions

    @Flag(help: "Print the scores as JSON (overall, class, slices).")
    var json = false

    func run() throws {
        let model = try modelOptions.load()
        let csv = try dataOptions.read()
        if csv.sha256 == model.manifest.datasetSHA256 {
            StandardError.write(
                "note: \(dataOptions.data) is the data this model was trained on (sha256 \(csv.sha256.prefix(12))…), "
                    + "so these scores are not an estimate for new texts; performance.json in \(modelOptions.model) "
                    + "holds the cross-validated figures\n")
        }
        let performance = model.evaluate(csv.records)
        print(json ? try JSONOutput.string(performance) : MetricsTable.render(performance))
    }
}
