import ArgumentParser
import FoundationEssentials
import Tagifai

/// The `--model DIR` option shared by the commands that load a trained model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The folder holding the trained model.", valueName: "dir"))
    var model = "models/tagifai"

    /// Loads the model, turning a bad folder into a clear error.
    func load() throws -> any TextTagger {
        try ModelLoader.load(from: URL(fileURLWithPath: model))
    }
}
