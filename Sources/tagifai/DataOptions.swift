import ArgumentParser
import Tagifai

/// The `--data FILE.csv` option shared by the commands that read labelled projects.
struct DataOptions: ParsableArguments {
    /// The training data shipped beside the model (MIT licensed, see `models/data/LICENSE`).
    static let shipped = "models/data/projects.csv"

    @Option(help: ArgumentHelp(
        "The labelled projects CSV (title, description and tag columns).", valueName: "file.csv"))
    var data = shipped

    /// Reads the CSV, turning a missing or malformed file into an error naming it.
    func read() throws -> ProjectsCSV {
        try ProjectsCSV(path: data)
    }
}
