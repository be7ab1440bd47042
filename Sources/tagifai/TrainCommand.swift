import ArgumentParser
import Foundation
import Tagifai

/// `tagifai train`: trains the classifier on a projects CSV and writes its artifacts.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the classifier on a projects CSV and write the model folder.",
        discussion: """
            Prints the train and validation loss after each epoch, the threshold chosen on the \
            validation split (a text whose best probability is not above it is tagged "other"; \
            threshold_quantile in --args picks the rule), then the metrics on the held-out test \
            split. Training is deterministic for a given seed.
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
        let outcome = try Trainer.train(
            records: csv.records, args: trainingArgs,
            dataset: .init(sha256: csv.sha256, rows: csv.records.count)
        ) { progress in
            print(String(
                format: "epoch %3d/%d  train_loss %.5f  val_loss %.5f", progress.epoch, trainingArgs.numEpochs,
                progress.trainLoss, progress.validationLoss))
        }
        let model = outcome.model
        try model.save(to: URL(fileURLWithPath: out))
        let fit = outcome.thresholdFit
        let rule = model.args.thresholdQuantile.map { "quantile \($0) of the winning probability on validation" }
            ?? "tuned for the best validation weighted f1"
        print(String(format: "threshold %.5f, ", fit.threshold) + rule + String(
            format: " (validation weighted f1 %.4f; %.4f by plain argmax)", fit.validationF1, fit.validationArgmaxF1))
        print("test split metrics (threshold rule applied, as in performance.json):")
        print(MetricsTable.render(model.performance))
        print(String(
            format: "test split weighted f1 by plain argmax, without the threshold rule: %.4f",
            outcome.argmaxPerformance.overall.f1))
        print("model \(model.manifest.modelVersion) written to \(out)")
    }
}
