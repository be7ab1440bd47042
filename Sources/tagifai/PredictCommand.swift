import ArgumentParser
import FoundationEssentials
import Tagifai

/// `tagifai predict`: tags texts with the trained model.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Tag project texts (title + description) with the trained model.",
        discussion: "Prints one tag per text, in order; texts whose best probability is not above the model's threshold are tagged \"other\".")

    @OptionGroup var modelOptions: ModelOptions

    @Flag(help: "Print [{\"input_text\": ..., \"predicted_tag\": ...}] instead of one tag per line.")
    var json = false

    @Argument(help: ArgumentHelp("The texts to tag.", valueName: "text"))
    var texts: [String]

    func validate() throws {
        guard !texts.isEmpty else { throw ValidationError("give at least one text to tag") }
    }

    func run() throws {
        let model = try modelOptions.load()
        let tags = model.tags(for: texts)
        if json {
            let predictions = zip(texts, tags).map { Prediction(inputText: $0, predictedTag: $1) }
            print(try JSONOutput.string(predictions))
        } else {
            tags.forEach { print($0) }
        }
    }

    struct Prediction: Encodable {
        var inputText: String
        var predictedTag: String

        enum CodingKeys: String, CodingKey {
            case inputText = "input_text"
            case predictedTag = "predicted_tag"
        }
    }
}
