import ArgumentParser
import Foundation
import Tagifai

/// `tagifai train`: trains the classifier on a projects CSV and writes its artifacts.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the classifier on a projects CSV and write the model folder.",
        discussion: """
            Prints the train and validation loss after each epoch, then the metrics on the held-out \
            test split. Training is deterministic for a given seed.
            """)

    @Option(help: ArgumentHelp("The labelled projects CSV (title, description and tag columns).", valueName: "file.csv"))
    var data: String

    @Option(help: ArgumentHelp("The folder to write the model into.", valueName: "dir"))
    var out = "models/tagifai"

    @Option(help: ArgumentHelp("A JSON file of training arguments overriding the defaults (the keys of args.json).", valueName: "file.json"))
    var args: String?

    func run() throws {
        let trainingArgs = try args.map(TrainingArgsFile.read) ?? TrainingArgs()
        let csv = try ProjectsCSV(path: data)
        let model = try Trainer.train(
            records: csv.records, args: trainingArgs,
            dataset: .init(sha256: csv.sha256, rows: csv.records.count)
        ) { progress in
            print(String(
                format: "epoch %3d/%d  train_loss %.5f  val_loss %.5f", progress.epoch, trainingArgs.numEpochs,
                progress.trainLoss, progress.validationLoss))
        }
        try model.save(to: URL(fileURLWithPath: out))
        print(String(format: "threshold %.5f", model.args.threshold ?? 0))
        print("test split metrics:")
        print(MetricsTable.render(model.performance))
        print("model \(model.manifest.modelVersion) written to \(out)")
    }
}
