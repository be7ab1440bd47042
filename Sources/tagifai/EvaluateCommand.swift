import ArgumentParser
import Foundation
import Tagifai

/// `tagifai evaluate`: scores the trained model on a labelled CSV.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score the trained model on a labelled projects CSV.",
        discussion: "Tags outside the model's classes count as \"other\". --json prints the performance.json shape.")

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("The labelled projects CSV (title, description and tag columns).", valueName: "file.csv"))
    var data: String

    @Flag(help: "Print the scores as JSON (overall, class, slices).")
    var json = false

    func run() throws {
        let model = try modelOptions.load()
        let performance = model.evaluate(try ProjectsCSV(path: data).records)
        print(json ? try JSONOutput.string(performance) : MetricsTable.render(performance))
    }
}
